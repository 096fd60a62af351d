package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import io.agentassembly.app.scim.ScimReadModel.GroupRow;
import io.agentassembly.command.api.workspace.ProvisioningCommands.ChangeGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.CreateGroupCommand;
import io.agentassembly.command.api.workspace.ProvisioningCommands.DeleteGroupCommand;
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
import java.util.UUID;

import static io.agentassembly.app.scim.ScimErrors.SCIM_JSON_VALUE;

/**
 * {@code /scim/v2/Groups} (RFC 7644) over the Workspace aggregate's group commands. A PATCH touches only the
 * members it names and answers 204 with the new ETag, so changing one member of a 10,000-member group neither
 * reads nor returns the others.
 */
@Hidden
@RestController
@RequestMapping(path = "/scim/v2/Groups", produces = {SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE})
public class ScimGroupController {

    private final ActorCommandGateway commands;
    private final ScimReadModel model;
    private final ScimResources resources;

    public ScimGroupController(ActorCommandGateway commands, ScimReadModel model, ScimResources resources) {
        this.commands = commands;
        this.model = model;
        this.resources = resources;
    }

    /** Members come with each group unless excluded (Entra ID lists groups with {@code excludedAttributes=members}). */
    @GetMapping
    public ResponseEntity<ObjectNode> list(@AuthenticationPrincipal Caller caller, ScimListQuery query)
            throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        ScimAttributeSelection selection = query.selection();
        Page<GroupRow> page = model.groups(workspaceId, query.parsedFilter(), query.sort(), query.start(),
                query.countOr(model.maxResults()), false);
        Map<String, List<ScimResources.Ref>> members = selection.excludes("members") ? null
                : resources.members(workspaceId, page.resources().stream().map(GroupRow::groupId).toList());
        return ScimResources.listResponse(page, page.resources().stream().map(row -> selection.apply(resources.render(
                row, members == null ? null : members.getOrDefault(row.groupId(), List.of())))).toList());
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
        ObjectNode group = ScimInput.GROUPS.check(body);
        String groupId = "grp-" + UUID.randomUUID();
        commands.send(new CreateGroupCommand(workspaceId, groupId, displayName(group), text(group, "externalId"),
                memberIds(group)), caller.actor());
        return respond(HttpStatus.CREATED, current(workspaceId, groupId), ScimAttributeSelection.of(null, null),
                workspaceId);
    }

    @GetMapping("/{groupId}")
    public ResponseEntity<ObjectNode> get(@AuthenticationPrincipal Caller caller, @PathVariable String groupId,
                                          @RequestParam(required = false) String attributes,
                                          @RequestParam(required = false) String excludedAttributes)
            throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        return respond(HttpStatus.OK, current(workspaceId, groupId),
                ScimAttributeSelection.of(attributes, excludedAttributes), workspaceId);
    }

    @PutMapping(path = "/{groupId}", consumes = {SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<ObjectNode> replace(@AuthenticationPrincipal Caller caller, @PathVariable String groupId,
                                              @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                              @RequestBody JsonNode body) throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        Long expected = ScimRequests.expectedVersion(ifMatch);
        ObjectNode group = ScimInput.GROUPS.check(body);
        current(workspaceId, groupId);
        commands.send(new ChangeGroupCommand(workspaceId, groupId, displayName(group), text(group, "externalId"),
                true, memberIds(group), List.of(), expected), caller.actor());
        return respond(HttpStatus.OK, current(workspaceId, groupId), ScimAttributeSelection.of(null, null),
                workspaceId);
    }

    @PatchMapping(path = "/{groupId}", consumes = {SCIM_JSON_VALUE, MediaType.APPLICATION_JSON_VALUE})
    public ResponseEntity<Void> patch(@AuthenticationPrincipal Caller caller, @PathVariable String groupId,
                                      @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
                                      @RequestBody JsonNode body) throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        Long expected = ScimRequests.expectedVersion(ifMatch);
        var operations = ScimPatch.operations(body);
        GroupRow row = current(workspaceId, groupId);
        GroupChange change = GroupChange.of(row.displayName(), row.externalId(), operations);
        commands.send(new ChangeGroupCommand(workspaceId, groupId, change.renames ? change.displayName : null,
                change.externalId, change.removeAllMembers, List.copyOf(change.add), List.copyOf(change.remove), expected),
                caller.actor());
        return ResponseEntity.noContent().eTag(ScimResources.etag(current(workspaceId, groupId).version())).build();
    }

    @DeleteMapping("/{groupId}")
    public ResponseEntity<Void> delete(@AuthenticationPrincipal Caller caller, @PathVariable String groupId,
                                       @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch)
            throws ScimException {
        String workspaceId = ScimRequests.workspaceOf(caller);
        Long expected = ScimRequests.expectedVersion(ifMatch);
        current(workspaceId, groupId);
        commands.send(new DeleteGroupCommand(workspaceId, groupId, expected), caller.actor());
        return ResponseEntity.noContent().build();
    }

    private GroupRow current(String workspaceId, String groupId) throws ScimException {
        return model.group(workspaceId, groupId, false).orElseThrow(() -> ScimRequests.notFound("Group", groupId));
    }

    private ResponseEntity<ObjectNode> respond(HttpStatus status, GroupRow row, ScimAttributeSelection selection,
                                               String workspaceId) {
        List<ScimResources.Ref> members = selection.excludes("members") ? null
                : resources.members(workspaceId, row.groupId());
        return ScimResources.respond(status, selection.apply(resources.render(row, members)), row.version(),
                ScimResources.GROUPS, row.groupId());
    }

    private static String displayName(ObjectNode group) throws BadRequestException {
        String name = text(group, "displayName");
        if (name == null || name.isBlank()) {
            throw BadRequestException.invalidValue("displayName is required");
        }
        return name;
    }

    private static String text(ObjectNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static List<String> memberIds(ObjectNode group) throws BadRequestException {
        JsonNode members = group.get("members");
        return members == null || members.isNull() ? List.of() : GroupChange.ids(members);
    }
}
