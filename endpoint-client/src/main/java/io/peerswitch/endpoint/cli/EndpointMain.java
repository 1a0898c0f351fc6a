package io.peerswitch.endpoint.cli;

import io.peerswitch.endpoint.Softswitch;
import io.peerswitch.endpoint.config.ConfigException;
import io.peerswitch.endpoint.config.EndpointConfig;
import io.peerswitch.endpoint.server.AccessServerException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.shell.jline3.PicocliJLineCompleter;

/**
 * The {@code endpoint} program: an interactive shell (completion, history), a script runner, or one
 * command run to completion — {@code endpoint --config alice.conf call bob} logs in, calls, hangs up,
 * logs out.
 */
@Command(name = "endpoint", mixinStandardHelpOptions = true, version = "Peerswitch endpoint 0.1",
        description = {"The Peerswitch endpoint: log in to the access server, then presence, messages and calls "
                + "directly with your buddies.",
                "Without COMMAND: an interactive shell (type 'help'). With COMMAND: log in, run it, log out.",
                "Commands: register login logout nat paths buddies buddy status msg pending routes route history call answer reject hangup hold resume "
                        + "dtmf calls wait sleep say quit"})
public final class EndpointMain implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the endpoint's configuration file")
    private Path config;

    @Option(names = "--script", paramLabel = "FILE", description = "run the commands in FILE (- for standard input), one per line")
    private String script;

    @Option(names = {"-v", "--verbose"}, description = "log what the softswitch does (-vv: and every SIP message)")
    private boolean[] verbose = new boolean[0];

    @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "one command and its arguments")
    private List<String> command = new ArrayList<>();

    /** Runs the program and exits with its status. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new EndpointMain()).setStopAtPositional(true).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        configureLogging(verbose.length);
        EndpointConfig settings;
        try {
            settings = EndpointConfig.load(config);
        } catch (ConfigException e) {
            System.err.println("endpoint: " + e.getMessage());
            return 2;
        }
        boolean oneShot = !command.isEmpty();
        if (!oneShot && script == null) {
            return shell(settings);
        }
        PrintStream out = System.out;
        try (Softswitch softswitch = Softswitch.start(settings)) {
            Transcript transcript = new Transcript(settings.userId(), out::println, Clock.systemDefaultZone());
            Session session = new Session(softswitch, transcript);
            Commands commands = new Commands(session, oneShot);
            CommandLine runner = runner(commands, transcript);
            int code;
            if (oneShot) {
                boolean needsLogin = !List.of("register", "nat", "help", "say", "sleep").contains(command.getFirst());
                code = needsLogin ? runner.execute("login") : 0;
                if (code == 0) {
                    code = runner.execute(command.toArray(String[]::new));
                }
            } else {
                code = runScript(runner, commands, transcript);
            }
            if (softswitch.loggedIn()) {
                softswitch.logout().get(20, TimeUnit.SECONDS);
            }
            return code;
        }
    }

    private int runScript(CommandLine runner, Commands commands, Transcript transcript) throws IOException {
        List<String> lines = script.equals("-")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList()
                : Files.readAllLines(Path.of(script), StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int code = runner.execute(ScriptWords.split(line).toArray(String[]::new));
            if (code != 0) {
                transcript.line("script stopped at line " + (i + 1) + ": " + line);
                return code;
            }
            if (commands.quitRequested()) {
                break;
            }
        }
        return 0;
    }

    private int shell(EndpointConfig settings) throws Exception {
        try (Terminal terminal = TerminalBuilder.builder().system(true).build();
             Softswitch softswitch = Softswitch.start(settings)) {
            LineReader[] reader = new LineReader[1];
            Consumer<String> print = line -> {
                if (reader[0] != null && reader[0].isReading()) {
                    reader[0].printAbove(line);
                } else {
                    terminal.writer().println(line);
                    terminal.writer().flush();
                }
            };
            Transcript transcript = new Transcript(settings.userId(), print, Clock.systemDefaultZone());
            Session session = new Session(softswitch, transcript);
            Commands commands = new Commands(session, false);
            CommandLine runner = runner(commands, transcript);
            reader[0] = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("peerswitch-endpoint")
                    .completer(new PicocliJLineCompleter(runner.getCommandSpec()))
                    .variable(LineReader.HISTORY_FILE, settings.dataDir().resolve("shell-history"))
                    .build();
            transcript.line("ready at " + softswitch.sipAddress() + "; type 'login', 'help', or 'quit'");
            while (!commands.quitRequested()) {
                String line;
                try {
                    line = reader[0].readLine(settings.userId() + "> ");
                } catch (UserInterruptException e) {
                    continue;
                } catch (EndOfFileException e) {
                    break;
                }
                if (!line.isBlank()) {
                    runner.execute(ScriptWords.split(line).toArray(String[]::new));
                }
            }
            if (softswitch.loggedIn()) {
                softswitch.logout().get(20, TimeUnit.SECONDS);
            }
            return 0;
        }
    }

    private static CommandLine runner(Commands commands, Transcript transcript) {
        CommandLine runner = new CommandLine(commands);
        runner.setCaseInsensitiveEnumValuesAllowed(true);
        runner.setExecutionExceptionHandler((e, cmd, parsed) -> {
            transcript.line("failed: " + describe(e));
            return 1;
        });
        runner.setParameterExceptionHandler((e, args) -> {
            transcript.line("usage: " + e.getMessage());
            return 2;
        });
        runner.setOut(new java.io.PrintWriter(System.out, true));
        return runner;
    }

    private static String describe(Exception e) {
        if (e instanceof AccessServerException a) {
            return a.getMessage();
        }
        if (e instanceof Session.CommandFailure || e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return e.getMessage();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void configureLogging(int verbosity) {
        Logger root = Logger.getLogger("");
        for (var handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tT.%1$tL %4$s %3$s: %5$s%6$s%n");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new SimpleFormatter());
        Level level = verbosity == 0 ? Level.WARNING : verbosity == 1 ? Level.FINE : Level.FINEST;
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
        Logger.getLogger("io.peerswitch").setLevel(level);
        Logger.getLogger("gov.nist").setLevel(verbosity >= 2 ? Level.FINE : Level.SEVERE);
    }
}
