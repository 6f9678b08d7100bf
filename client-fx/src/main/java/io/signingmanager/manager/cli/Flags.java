package io.signingmanager.manager.cli;

import java.util.List;

/** The seed's flags, parsed: {@code -s -i URL -a KEY [-u] [-d]}, {@code -r}, {@code -p}, {@code -h}, plus {@code --json}. */
record Flags(boolean save, String apiHost, String apiKey, boolean trustSelfSigned, boolean debug, boolean refresh,
             boolean print, boolean help, boolean json) {

    /** A command line the Signing Manager does not understand. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static Flags parse(List<String> args) throws UsageException {
        boolean save = false;
        String apiHost = null;
        String apiKey = null;
        boolean trustSelfSigned = false;
        boolean debug = false;
        boolean refresh = false;
        boolean print = false;
        boolean help = false;
        boolean json = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            switch (flag) {
                case "-s" -> save = true;
                case "-i" -> apiHost = value(args, ++i, flag);
                case "-a" -> apiKey = value(args, ++i, flag);
                case "-u" -> trustSelfSigned = true;
                case "-d" -> debug = true;
                case "-r" -> refresh = true;
                case "-p" -> print = true;
                case "-h", "--help" -> help = true;
                case "--json" -> json = true;
                default -> throw new UsageException("Unknown option " + flag);
            }
        }
        Flags flags = new Flags(save, apiHost, apiKey, trustSelfSigned, debug, refresh, print, help, json);
        flags.check();
        return flags;
    }

    private void check() throws UsageException {
        if (help) {
            return;
        }
        if (save && (apiHost == null || apiKey == null)) {
            throw new UsageException("-s needs both -i <api host url> and -a <api_key>");
        }
        if (!save && (apiHost != null || apiKey != null || trustSelfSigned || debug)) {
            throw new UsageException("-i, -a, -u and -d are settings: use them with -s");
        }
        if (!save && !refresh && !print) {
            throw new UsageException("Nothing to do: use -s, -r or -p");
        }
    }

    static String value(List<String> args, int index, String flag) throws UsageException {
        if (index >= args.size() || args.get(index).startsWith("-")) {
            throw new UsageException(flag + " needs a value");
        }
        return args.get(index);
    }
}
