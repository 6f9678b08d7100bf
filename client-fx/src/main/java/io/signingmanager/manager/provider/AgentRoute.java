package io.signingmanager.manager.provider;

import io.signingmanager.common.crypto.Certificates;
import io.signingmanager.common.crypto.SignatureAlgorithm;
import io.signingmanager.common.json.Json;
import io.signingmanager.common.protocol.SignContext;
import io.signingmanager.manager.connection.Signed;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.manager.connection.ProblemCode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/** Through the Signing Manager's agent (docs/agent-protocol.md), one connection per request. */
public final class AgentRoute implements SigningRoute {
    private static final HexFormat HEX = HexFormat.of();

    private final Path socket;

    public AgentRoute(Path socket) {
        this.socket = socket;
    }

    /** Whether an agent answers {@code HELLO 1} on the socket. */
    public boolean answers() {
        try (Connection connection = connect()) {
            return connection.ask("HELLO 1").equals("OK 1");
        } catch (IOException | Problem e) {
            return false;
        }
    }

    @Override
    public List<RemoteIdentity> identities() throws Problem {
        try (Connection connection = connect()) {
            connection.ok(connection.ask("LIST"));
            List<IdentityLines> blocks = new ArrayList<>();
            for (String line = connection.next(); !line.equals("END"); line = connection.next()) {
                String[] words = line.split(" ");
                if (words[0].equals("IDENTITY")) {
                    blocks.add(new IdentityLines(words[1].toUpperCase(Locale.ROOT)));
                } else if (!blocks.isEmpty()) {
                    blocks.get(blocks.size() - 1).read(words);
                }
            }
            return blocks.stream().map(IdentityLines::identity).toList();
        } catch (IOException | IndexOutOfBoundsException | IllegalArgumentException e) {
            throw broken(e);
        }
    }

    @Override
    public Signed sign(String sha1, SignatureAlgorithm algorithm, byte[] data, SignContext context) throws Problem {
        StringBuilder request = new StringBuilder("SIGN ").append(sha1).append(' ').append(algorithm.name())
                .append(' ').append(HEX.formatHex(data));
        try (Connection connection = connect()) {
            if (context != null) {
                request.append(' ').append(HEX.formatHex(Json.mapper().writeValueAsBytes(context)));
            }
            // The agent's line protocol carries no receipt: the agent keeps it in its own state folder.
            return new Signed(HEX.parseHex(connection.ok(connection.ask(request.toString()))), null);
        } catch (IOException | IllegalArgumentException e) {
            throw broken(e);
        }
    }

    private Connection connect() throws Problem {
        try {
            return new Connection(socket);
        } catch (IOException e) {
            throw new Problem(Problem.Kind.UNREACHABLE, "The Signing Manager agent does not answer on " + socket + ".",
                    "Open the Signing Manager, or run: signing-manager agent", e);
        }
    }

    private Problem broken(Exception e) {
        return new Problem(Problem.Kind.LOCAL, "The Signing Manager agent on " + socket + " answered something unreadable.",
                "See the Signing Manager log for details.", e);
    }

    /** The lines of one identity block that the provider needs: its name and its chain. */
    private static final class IdentityLines {
        private final String sha1;
        private final List<X509Certificate> chain = new ArrayList<>();
        private String label = "";

        IdentityLines(String sha1) {
            this.sha1 = sha1;
        }

        void read(String[] words) {
            switch (words[0]) {
                case "LABEL" -> label = new String(HEX.parseHex(words[1]), StandardCharsets.UTF_8);
                case "CERT", "CA" -> chain.add(Certificates.parse(HEX.parseHex(words[1])));
                default -> {
                    // SUBJECT, ISSUER, SERIAL and KEY are for the PKCS#11 module; the certificate says it all.
                }
            }
        }

        RemoteIdentity identity() {
            return new RemoteIdentity(sha1, label, chain);
        }
    }

    /** One connection to the agent. */
    private static final class Connection implements AutoCloseable {
        private final SocketChannel channel;
        private final BufferedReader in;

        Connection(Path socket) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                channel.close();
                throw e;
            }
            in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
        }

        String ask(String request) throws IOException {
            Channels.newOutputStream(channel).write((request + "\n").getBytes(StandardCharsets.UTF_8));
            return next();
        }

        String next() throws IOException {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("the agent closed the connection");
            }
            return line;
        }

        /** What follows {@code OK }, or the agent's error as a Problem. */
        String ok(String answer) throws Problem, IOException {
            if (answer.startsWith("OK ")) {
                return answer.substring(3);
            }
            String[] words = answer.split(" ");
            if (words.length != 3 || !words[0].equals("ERR")) {
                throw new IOException("the agent answered '" + answer + "'");
            }
            String message = new String(HEX.parseHex(words[2]), StandardCharsets.UTF_8);
            // A code from a newer agent is a refusal this provider cannot tell apart; the message says more.
            ProblemCode code = ProblemCode.fromWire(words[1]).orElse(ProblemCode.SERVICE);
            throw new Problem(code, message, "(The Signing Manager agent said so.)", null);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
