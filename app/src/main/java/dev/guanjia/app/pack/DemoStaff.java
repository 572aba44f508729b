package dev.guanjia.app.pack;

import dev.guanjia.community.staff.StaffAccounts;
import dev.guanjia.community.staff.StaffDirectory;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Sign-ins for the demo community's staff, so the console can be tried at once. Each password is
 * random (never a well-known default) and written to a file only the service's user can read.
 */
public final class DemoStaff {

    public static final String FILE = "demo-staff-passwords.txt";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private DemoStaff() {
    }

    /** Gives every staff member of the community a fresh password; returns the file that lists them. */
    public static Path issuePasswords(DataSource db, String communityId, Path dataDir) throws IOException {
        StaffAccounts accounts = new StaffAccounts(db);
        List<String> lines = new ArrayList<>();
        lines.add("# Demo console sign-ins for community '" + communityId + "' (open /console/). Delete this file"
                + " once you have set real passwords with: guanjia staff password --community " + communityId
                + " --code CODE");
        for (StaffDirectory.Member m : new StaffDirectory(db).of(communityId)) {
            String password = password();
            while (StaffAccounts.weakness(password, m.code()).isPresent()) {
                password = password(); // a random draw that happens to contain the staff code
            }
            accounts.setPassword(communityId, m.code(), password);
            lines.add(m.code() + "\t" + m.role() + "\t" + m.name() + "\t" + password);
        }
        Path file = dataDir.resolve(FILE);
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, lines);
        return file;
    }

    static String password() {
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            p.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
            if (i == 5) {
                p.append('-');
            }
        }
        return p.toString();
    }
}
