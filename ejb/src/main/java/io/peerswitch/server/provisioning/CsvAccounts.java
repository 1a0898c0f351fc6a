package io.peerswitch.server.provisioning;

import io.peerswitch.wire.InvalidFieldException;
import io.peerswitch.wire.problem.InvalidParam;
import io.peerswitch.wire.profile.PresenceStatus;
import io.peerswitch.wire.profile.RelationState;
import io.peerswitch.wire.provisioning.ProvisionedAccount;
import io.peerswitch.wire.provisioning.ProvisionedBuddy;
import io.peerswitch.wire.provisioning.ProvisioningFile;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The CSV form of a provisioning file (RFC 4180, with a header row). Lists inside a cell are separated
 * by {@code ;}, and a buddy may carry its state: {@code bob;carol:PENDING;mallory:BLOCKED}.
 */
public final class CsvAccounts {

    /** The columns, in the order exports write them; imports accept any order and need only the first two. */
    public static final List<String> COLUMNS = List.of("userId", "email", "displayName", "password", "passwordHash",
            "status", "note", "administrator", "subscriptions", "buddies");

    private static final CSVFormat READ = CSVFormat.RFC4180.builder()
            .setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).setTrim(true).build();
    private static final CSVFormat WRITE = CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).build();

    private CsvAccounts() {
    }

    /** Reads every row; all problems are collected, each named {@code accounts[i].field} with its CSV line. */
    public static ProvisioningFile read(Reader csv) throws ProvisioningException {
        List<ProvisionedAccount> accounts = new ArrayList<>();
        List<InvalidParam> problems = new ArrayList<>();
        try (CSVParser parser = READ.parse(csv)) {
            List<String> header = parser.getHeaderNames();
            for (String required : List.of("userId", "email")) {
                if (!header.contains(required)) {
                    throw new ProvisioningException(false, List.of(new InvalidParam("header",
                            "the header row must name the columns " + COLUMNS + "; '" + required + "' is missing")));
                }
            }
            for (String name : header) {
                if (!COLUMNS.contains(name)) {
                    problems.add(new InvalidParam("header", "unknown column '" + name + "'; the columns are " + COLUMNS));
                }
            }
            int index = 0;
            for (CSVRecord row : parser) {
                try {
                    accounts.add(account(row, header));
                } catch (InvalidFieldException e) {
                    problems.add(new InvalidParam("accounts[" + index + "]." + e.field(),
                            e.reason() + " (CSV line " + parser.getCurrentLineNumber() + ")"));
                }
                if (problems.size() >= ProvisioningException.MAX_REPORTED) {
                    break;
                }
                index++;
            }
        } catch (IOException | UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
            // commons-csv reports malformed quoting and short rows this way.
            throw new ProvisioningException(false, List.of(new InvalidParam("body", "not valid CSV: " + e.getMessage())));
        }
        if (!problems.isEmpty()) {
            throw new ProvisioningException(false, problems);
        }
        return new ProvisioningFile(accounts);
    }

    /** Writes {@code file} as CSV with the header row of {@link #COLUMNS}. */
    public static void write(ProvisioningFile file, Appendable out) throws IOException {
        try (CSVPrinter printer = new CSVPrinter(out, WRITE)) {
            for (ProvisionedAccount a : file.accounts()) {
                printer.printRecord(a.userId(), a.email(), a.displayName(), null, a.passwordHash(),
                        a.status() == null ? null : a.status().name(), a.note(),
                        a.administrator() == null ? null : a.administrator().toString(),
                        String.join(";", a.subscriptions()),
                        String.join(";", a.buddies().stream()
                                .map(b -> b.state() == RelationState.ACCEPTED ? b.userId() : b.userId() + ":" + b.state())
                                .toList()));
            }
        }
    }

    private static ProvisionedAccount account(CSVRecord row, List<String> header) {
        return new ProvisionedAccount(cell(row, header, "userId"), cell(row, header, "email"),
                cell(row, header, "displayName"), cell(row, header, "password"), cell(row, header, "passwordHash"),
                status(cell(row, header, "status")), cell(row, header, "note"),
                bool(cell(row, header, "administrator")), list(cell(row, header, "subscriptions")),
                buddies(cell(row, header, "buddies")));
    }

    private static String cell(CSVRecord row, List<String> header, String column) {
        if (!header.contains(column) || !row.isSet(column)) {
            return null;
        }
        String value = row.get(column);
        return value.isEmpty() ? null : value;
    }

    private static PresenceStatus status(String text) {
        if (text == null) {
            return null;
        }
        try {
            return PresenceStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("status", "must be one of " + Arrays.toString(PresenceStatus.values()));
        }
    }

    private static Boolean bool(String text) {
        if (text == null) {
            return null;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new InvalidFieldException("administrator", "must be true or false");
        };
    }

    private static List<String> list(String text) {
        return text == null ? List.of() : Arrays.stream(text.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<ProvisionedBuddy> buddies(String text) {
        List<ProvisionedBuddy> buddies = new ArrayList<>();
        List<String> entries = list(text);
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            int colon = entry.indexOf(':');
            String user = colon < 0 ? entry : entry.substring(0, colon);
            RelationState state = RelationState.ACCEPTED;
            if (colon >= 0) {
                try {
                    state = RelationState.valueOf(entry.substring(colon + 1).strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new InvalidFieldException("buddies[" + i + "].state", "must be one of " + Arrays.toString(RelationState.values()));
                }
            }
            try {
                buddies.add(new ProvisionedBuddy(user, state));
            } catch (InvalidFieldException e) {
                throw new InvalidFieldException("buddies[" + i + "]." + e.field(), e.reason());
            }
        }
        return buddies;
    }
}
