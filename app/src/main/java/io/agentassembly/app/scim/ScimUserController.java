package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import io.agentassembly.app.scim.ScimReadModel.UserRow;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ProvisionUserCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ReplaceUserProfileCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.UserProfile;
import io.agentassembly.identity.ActorCommandGateway;
import io.agentassembly.identity.Caller;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.agentassembly.app.scim.ScimErrors.SCIM_JSON_VALUE;

/**
 * {@code /scim/v2/Users} (RFC 7644): an edge over the Workspace aggregate's provisioning commands. Reads come from
 * the SCIM read model, which is written in the command's transaction, so a write is readable in its answer.
 * DELETE deactivates: the user stays, {@code active=false}, sessions and API keys revoked at once.
 */
@Hidden
@RestController
@RequestMapping(path = "/scim/v2/Users", produces = {SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE})
public class ScimUserController {

    /** Attributes with a place of their own in the command; the rest travel as the profile's attributes. */
    private static final Set<String> OWN_FIELDS = Set.of("schemas", "userName", "displayName", "externalId",
            "active", "password", "groups");
    private static final int CONCURRENT_CHANGE_RETRIES = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ActorCommandGateway commands;
    private final ScimReadModel model;
    private final ScimResources resources;

    public ScimUserController(ActorCommandGateway commands, ScimReadModel model, ScimResources resources) {
        this.commands = commands;
        this.model = model;
        this.resources = resources;
    }

    @GetMapping
    public ResponseEntity<ObjectNode> list(@AuthenticationPrincipal Caller caller, ScimListQuery query)
            throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        ScimAttributeSelection selection = query.selection();
        Page<UserRow> page = model.users(workspaceId, query.parsedFilter(), query.sort(), query.start(),
                query.countOr(model.maxResults()));
        return ScimResources.listResponse(page,
                page.resources().stream().map(row -> selection.apply(resources.render(row))).toList());
    }

    /** POST /.search (RFC 7644 §3.4.3): the query in a SearchRequest body instead of the URL. */
    @PostMapping(path = "/.search", consumes = {SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<ObjectNode> search(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body)
            throws ScimException {
        return list(caller, ScimListQuery.ofSearch(body));
    }

    @PostMapping(consumes = {SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<ObjectNode> create(@AuthenticationPrincipal Caller caller, @RequestBody JsonNode body)
            throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        UserInput input = UserInput.of(ScimInput.USERS.check(body));
        String userId = "usr-" + UUID.randomUUID();
        commands.send(new ProvisionUserCommand(workspaceId, userId, input.profile(), input.active()), caller.actor());
        UserRow row = current(workspaceId, userId);
        return respond(HttpStatus.CREATED, row, ScimAttributeSelection.of(null, null));
    }

    @GetMapping("/{userId}")
    public ResponseEntity<ObjectNode> get(@AuthenticationPrincipal Caller caller, @PathVariable String userId,
                                          @RequestParam(required = false) String attributes,
                                          @RequestParam(required = false) String excludedAttributes)
            throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        return respond(HttpStatus.OK, current(workspaceId, userId),
                ScimAttributeSelection.of(attributes, excludedAttributes));
    }

    @PutMapping(path = "/{userId}", consumes = {SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<ObjectNode> replace(@AuthenticationPrincipal Caller caller, @PathVariable String userId,
                                              @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @RequestBody JsonNode body) throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        Long expected = ScimRequests.expectedVersion(ifMatch);
        UserInput input = UserInput.of(ScimInput.USERS.check(body));
        UserRow row = current(workspaceId, userId);
        change(caller, workspaceId, row, input, expected);
        return respond(HttpStatus.OK, current(workspaceId, userId), ScimAttributeSelection.of(null, null));
    }

    @PatchMapping(path = "/{userId}", consumes = {SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<ObjectNode> patch(@AuthenticationPrincipal Caller caller, @PathVariable String userId,
                                            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                            @RequestBody JsonNode body) throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        Long expected = ScimRequests.expectedVersion(ifMatch);
        var operations = ScimPatch.operations(body);
        for (int attempt = 1; ; attempt++) {
            UserRow row = current(workspaceId, userId);
            ObjectNode patched = ScimPatch.apply(row.resource(), operations);
            UserInput input = UserInput.of(ScimInput.USERS.check(patched));
            try {
                change(caller, workspaceId, row, input, expected == null ? row.version() : expected);
                break;
            } catch (DomainException e) {
                if (e.code() != ErrorCode.VERSION_MISMATCH || expected != null || attempt == CONCURRENT_CHANGE_RETRIES) {
                    throw e;
                }
            }
        }
        return respond(HttpStatus.OK, current(workspaceId, userId), ScimAttributeSelection.of(null, null));
    }

    @DeleteMapping("/{userId}")
    public ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String userId,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch)
            throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        Long expected = ScimRequests.expectedVersion(ifMatch);
        UserRow row = current(workspaceId, userId);
        UserInput input = UserInput.of(ScimInput.USERS.check(row.resource()));
        change(caller, workspaceId, row, new UserInput(input.profile(), false), expected);
        return ResponseEntity.noContent().build();
    }

    /** Sends the change unless it changes nothing the resource shows (identity providers repeat PUTs). */
    private void change(Caller caller, String workspaceId, UserRow row, UserInput input, Long expectedVersion)
            throws ScimException {
        UserInput now = UserInput.of(ScimInput.USERS.check(row.resource()));
        boolean managedByProvider = "IDENTITY_PROVIDER".equals(row.managedBy());
        if (now.equals(input) && managedByProvider) {
            if (expectedVersion != null && expectedVersion != row.version()) {
                throw new DomainException(ErrorCode.VERSION_MISMATCH, "version", "the resource changed since version "
                        + expectedVersion + " (now " + row.version() + "); read it again and retry");
            }
            return;
        }
        commands.send(new ReplaceUserProfileCommand(workspaceId, row.userId(), input.profile(), input.active(),
                expectedVersion), caller.actor());
    }

    private UserRow current(String workspaceId, String userId) throws ScimException {
        return model.user(workspaceId, userId).orElseThrow(() -> ScimRequests.notFound("User", userId));
    }

    private ResponseEntity<ObjectNode> respond(HttpStatus status, UserRow row, ScimAttributeSelection selection) {
        return ScimResources.respond(status, selection.apply(resources.render(row)), row.version(),
                ScimResources.USERS, row.userId());
    }

    /** A checked User resource as the command takes it. */
    record UserInput(UserProfile profile, boolean active) {

        static UserInput of(ObjectNode user) throws BadRequestException {
            JsonNode userName = user.get("userName");
            if (userName == null || !userName.isTextual() || userName.asText().isBlank()) {
                throw BadRequestException.invalidValue("userName is required: the user's e-mail address, which is "
                        + "also the address the user signs in with");
            }
            if (user.has("password")) {
                throw BadRequestException.invalidValue("passwords are not accepted over SCIM; users sign in with "
                        + "single sign-on, or set a password from an invitation");
            }
            JsonNode active = user.get("active");
            @SuppressWarnings("unchecked")
            Map<String, Object> attributes = JSON.convertValue(user.deepCopy().without(OWN_FIELDS), Map.class);
            return new UserInput(new UserProfile(userName.asText().trim(), text(user, "displayName"),
                    text(user, "externalId"), attributes), active == null || active.asBoolean());
        }

        private static String text(ObjectNode user, String field) {
            JsonNode value = user.get(field);
            return value == null || value.isNull() ? null : value.asText();
        }
    }
}
