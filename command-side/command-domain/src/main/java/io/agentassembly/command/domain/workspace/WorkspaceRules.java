package io.agentassembly.command.domain.workspace;

import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.common.PasswordHash;
import io.agentassembly.command.api.common.Tier;
import io.agentassembly.command.api.workspace.ProvisioningCommands.UserProfile;
import io.agentassembly.command.domain.common.Emails;
import io.agentassembly.command.domain.common.Require;

import java.util.Map;
import java.util.regex.Pattern;

/** Input rules shared by the Workspace aggregate's handlers. */
final class WorkspaceRules {

    static final int ID_MAX = 64;
    private static final Pattern WORKSPACE_ID =
            Pattern.compile("^ws-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    private static final Pattern SLUG = Pattern.compile("^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$");
    private static final int NAME_MAX = 200;
    private static final int EMAIL_MAX = 320;
    private static final int PURCHASE_ORDER_MAX = 64;
    private static final int EXTERNAL_ID_MAX = 255;
    private static final int GROUP_NAME_MAX = 256;
    private static final Pattern USER_NAME = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private WorkspaceRules() {
    }

    static String workspaceId(String value) {
        return Require.matching(value, WORKSPACE_ID, "workspaceId", "'ws-' followed by a lower-case UUID v4");
    }

    static String name(String value) {
        return Require.text(value, "name", NAME_MAX);
    }

    static String slug(String value) {
        return Require.matching(value, SLUG, "slug",
                "3 to 64 lower-case letters, digits or hyphens, starting and ending with a letter or digit");
    }

    static Tier selfServeTier(Tier tier) {
        if (Require.present(tier, "tier").selfServe()) {
            return tier;
        }
        throw Require.invalid("tier", "the " + tier.code() + " tier is not available at sign-up; choose free, pro "
                + "or business, or contact sales for enterprise");
    }

    static int retentionDays(int days) {
        if (days < 1 || days > Tier.MAX_RETENTION_DAYS) {
            throw Require.invalid("retentionDays", "retentionDays must be between 1 and " + Tier.MAX_RETENTION_DAYS);
        }
        return days;
    }

    static String purchaseOrder(String value) {
        return Require.text(value, "purchaseOrder", PURCHASE_ORDER_MAX);
    }

    static String email(String value, String field) {
        return Emails.normalise(Require.text(value, field, EMAIL_MAX));
    }

    static String displayName(String value) {
        return Require.optionalText(value, "displayName", NAME_MAX);
    }

    static PasswordHash password(PasswordHash hash, String field) {
        if (hash == null || hash.value() == null || hash.value().isBlank()) {
            throw Require.invalid(field, field + " is required");
        }
        return hash;
    }

    /** A SCIM profile: {@code userName} is an e-mail address (the sign-in address); attributes never null. */
    static UserProfile profile(UserProfile profile) {
        Require.present(profile, "profile");
        String userName = Require.text(profile.userName(), "userName", EMAIL_MAX).trim();
        if (!USER_NAME.matcher(userName).matches()) {
            throw Require.invalid("userName", "userName must be the user's e-mail address (name@domain), which is "
                    + "also the address the user signs in with");
        }
        return new UserProfile(userName, displayName(profile.displayName()),
                Require.optionalText(profile.externalId(), "externalId", EXTERNAL_ID_MAX),
                profile.attributes() == null ? Map.of() : profile.attributes());
    }

    static String groupName(String value) {
        return Require.text(value, "displayName", GROUP_NAME_MAX).trim();
    }

    static String externalId(String value) {
        return Require.optionalText(value, "externalId", EXTERNAL_ID_MAX);
    }

    /** Refuses with VERSION_MISMATCH when the caller named a version other than the current one. */
    static void requireVersion(long current, Long expected) {
        if (expected != null && expected != current) {
            throw new DomainException(ErrorCode.VERSION_MISMATCH, "version",
                    "the resource changed since version " + expected + " (now " + current + "); read it again and "
                            + "retry");
        }
    }

    static DomainException emailTaken(String field) {
        return new DomainException(ErrorCode.EMAIL_TAKEN, field,
                "this e-mail address already belongs to a user of the workspace; use another address");
    }
}
