package io.signingmanager.manager;

import io.signingmanager.manager.cli.CommandLine;
import io.signingmanager.manager.cli.SignWarmUp;
import io.signingmanager.manager.connection.MachineInfo;
import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.receipts.ReceiptBook;
import io.signingmanager.manager.log.ManagerLog;
import io.signingmanager.manager.secrets.SecretStores;
import io.signingmanager.manager.settings.SettingsStore;
import io.signingmanager.manager.ui.ManagerApp;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * {@code java -jar signing-manager.jar}: the window without arguments, the command line (with its
 * subcommands, {@code agent} among them) with arguments.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        SignWarmUp.beginFor(args);
        ManagerHome home = ManagerHome.current();
        Manager manager = manager(home);
        List<String> arguments = List.of(args);
        if (arguments.isEmpty()) {
            openWindow(home, manager);
            return;
        }
        installLog(home, manager, arguments.contains("-d"));
        System.exit(new CommandLine(manager, System.out, System.err).run(arguments));
    }

    private static void openWindow(ManagerHome home, Manager manager) {
        boolean linux = System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux");
        if (linux && System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) {
            System.err.println("signing-manager: there is no display to open the window on (DISPLAY is not set).");
            System.err.println("Run it in a desktop session, or use the command line: signing-manager -h");
            System.exit(CommandLine.USAGE);
        }
        try {
            ManagerApp.launch(home, manager);
        } catch (RuntimeException e) {
            System.err.println("signing-manager: the window cannot open: " + e.getMessage());
            System.err.println("Use the command line instead: signing-manager -h");
            System.exit(1);
        }
    }

    /** Logs to SigningManager.log, with details when asked for or when the settings say debug. */
    public static void installLog(ManagerHome home, Manager manager, boolean debug) {
        try {
            ManagerLog.install(home.logFile(), debug || debug(manager));
        } catch (IOException e) {
            System.err.println("signing-manager: cannot write the log " + home.logFile() + ": " + e.getMessage());
        }
    }

    public static Manager manager(ManagerHome home) {
        return new Manager(new SettingsStore(home.settingsFile()),
                SecretStores.detect(home, System.getenv(), System.getProperty("os.name")), MachineInfo.current(),
                new ReceiptBook(home.stateFolder(), Clock.systemUTC()));
    }

    private static boolean debug(Manager manager) {
        try {
            return manager.settings().debug();
        } catch (Problem e) {
            return false;
        }
    }
}
