package io.signingmanager.manager.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.signingmanager.manager.connection.Manager;
import io.signingmanager.manager.home.ManagerHome;
import io.signingmanager.manager.ui.certificates.Listing;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;

/** The window runs the agent on the Signing Manager's socket while it is open. */
@ExtendWith(ApplicationExtension.class)
class ManagerAppTest {
    @RegisterExtension
    static final UiService fixture = new UiService();

    @TempDir
    Path folder;

    @Test
    void theAgentServesWhileTheWindowIsOpenAndItsSocketGoesWithIt() throws Exception {
        ManagerHome home = UiService.home(folder);
        Manager manager = fixture.registeredManager(home, "window agent");
        ManagerApp.prepare(home, manager, Listing.fetchNow(() -> Listing.fetch(manager)));
        ManagerApp app = new ManagerApp();
        Stage stage = Fx.get(() -> {
            Stage window = new Stage();
            app.start(window);
            return window;
        });

        assertThat(hello(home.agentSocket())).isEqualTo("OK 1\n");

        app.stop();
        assertThat(home.agentSocket()).doesNotExist();
        // Hiding the window quits JavaFX, which the other UI tests of this JVM still need.
        Fx.run(() -> {
            stage.setOnHidden(null);
            stage.hide();
        });
    }

    private static String hello(Path socket) throws Exception {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            channel.write(ByteBuffer.wrap("HELLO 1\n".getBytes(StandardCharsets.UTF_8)));
            ByteBuffer answer = ByteBuffer.allocate(64);
            while (channel.read(answer) > 0 && answer.get(answer.position() - 1) != '\n') {
                // until the whole line is there
            }
            return new String(answer.array(), 0, answer.position(), StandardCharsets.UTF_8);
        }
    }
}
