package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.BaseScimResource;
import com.unboundid.scim2.common.exceptions.ForbiddenException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.AuthenticationScheme;
import com.unboundid.scim2.common.types.BulkConfig;
import com.unboundid.scim2.common.types.ChangePasswordConfig;
import com.unboundid.scim2.common.types.ETagConfig;
import com.unboundid.scim2.common.types.FilterConfig;
import com.unboundid.scim2.common.types.Meta;
import com.unboundid.scim2.common.types.PatchConfig;
import com.unboundid.scim2.common.types.ResourceTypeResource;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.SortConfig;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * SCIM service provider discovery (RFC 7644 §4): ServiceProviderConfig, ResourceTypes and Schemas, built from
 * the UnboundID SDK's schema definitions. Read-only and the same for every workspace; a {@code filter} on these
 * endpoints is refused with 403 as §4 recommends. Hidden from the REST API's OpenAPI document: SCIM is its own
 * protocol (application/scim+json, SCIM errors), described by these endpoints and docs/scim.md.
 */
@Hidden
@RestController
@RequestMapping(path = "/scim/v2", produces = {ScimErrors.SCIM_JSON_VALUE, "application/json"})
public class ScimDiscoveryController {

    static final String DOCUMENTATION = "https://docs.agentassembly.io/scim";

    private final int maxResults;

    public ScimDiscoveryController(@Value("${aasm.scim.max-results:" + ScimReadModel.DEFAULT_MAX_RESULTS + "}")
                                   int maxResults) {
        this.maxResults = maxResults;
    }

    @GetMapping("/ServiceProviderConfig")
    public ResponseEntity<ObjectNode> serviceProviderConfig(@RequestParam(name = "filter", required = false) String filter)
            throws ScimException {
        noFilter(filter);
        ServiceProviderConfigResource config = new ServiceProviderConfigResource(DOCUMENTATION,
                new PatchConfig(true), new BulkConfig(false, 0, 0), new FilterConfig(true, maxResults),
                new ChangePasswordConfig(false), new SortConfig(true), new ETagConfig(true),
                List.of(AuthenticationScheme.createOAuth2BearerToken(true)));
        meta(config, "ServiceProviderConfig", base() + "/ServiceProviderConfig");
        return ok(config);
    }

    @GetMapping("/ResourceTypes")
    public ResponseEntity<ObjectNode> resourceTypes(@RequestParam(name = "filter", required = false) String filter)
            throws ScimException {
        noFilter(filter);
        return list(List.of(resourceTypeOf("User"), resourceTypeOf("Group")));
    }

    @GetMapping("/ResourceTypes/{id}")
    public ResponseEntity<ObjectNode> resourceType(@PathVariable("id") String id) throws ScimException {
        return ok(resourceTypeOf(id));
    }

    @GetMapping("/Schemas")
    public ResponseEntity<ObjectNode> schemas(@RequestParam(name = "filter", required = false) String filter) throws ScimException {
        noFilter(filter);
        return list(List.of(schemaOf(ScimFilters.USER_SCHEMA), schemaOf(ScimFilters.GROUP_SCHEMA),
                schemaOf(ScimFilters.ENTERPRISE_USER_SCHEMA)));
    }

    @GetMapping("/Schemas/{id}")
    public ResponseEntity<ObjectNode> schema(@PathVariable("id") String id) throws ScimException {
        return ok(schemaOf(id));
    }

    // ----------------------------------------------------------------------------------------------------------

    private ResourceTypeResource resourceTypeOf(String id) throws ResourceNotFoundException {
        ResourceTypeResource type;
        if ("User".equals(id)) {
            type = new ResourceTypeResource("User", "User", "User Account", URI.create("/Users"),
                    URI.create(ScimFilters.USER_SCHEMA),
                    List.of(new ResourceTypeResource.SchemaExtension(URI.create(ScimFilters.ENTERPRISE_USER_SCHEMA),
                            false)));
        } else if ("Group".equals(id)) {
            type = new ResourceTypeResource("Group", "Group", "Group", URI.create("/Groups"),
                    URI.create(ScimFilters.GROUP_SCHEMA), List.of());
        } else {
            throw new ResourceNotFoundException("there is no resource type '" + id + "'; there are User and Group");
        }
        meta(type, "ResourceType", base() + "/ResourceTypes/" + id);
        return type;
    }

    private SchemaResource schemaOf(String id) throws ResourceNotFoundException {
        SchemaResource source;
        if (ScimFilters.USER_SCHEMA.equals(id)) {
            source = ScimFilters.USER_SCHEMA_RESOURCE;
        } else if (ScimFilters.GROUP_SCHEMA.equals(id)) {
            source = ScimFilters.GROUP_SCHEMA_RESOURCE;
        } else if (ScimFilters.ENTERPRISE_USER_SCHEMA.equals(id)) {
            source = ScimFilters.ENTERPRISE_USER_SCHEMA_RESOURCE;
        } else {
            throw new ResourceNotFoundException("there is no schema '" + id + "'; there are "
                    + ScimFilters.USER_SCHEMA + ", " + ScimFilters.GROUP_SCHEMA + " and "
                    + ScimFilters.ENTERPRISE_USER_SCHEMA);
        }
        // A copy per answer: the shared definitions never carry one request's meta.location.
        SchemaResource schema = new SchemaResource(source.getId(), source.getName(), source.getDescription(),
                source.getAttributes());
        meta(schema, "Schema", base() + "/Schemas/" + id);
        return schema;
    }

    private static void noFilter(String filter) throws ForbiddenException {
        if (filter != null) {
            throw new ForbiddenException("filter is not supported on the discovery endpoints (RFC 7644 §4)");
        }
    }

    private static String base() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/scim/v2").build().toUriString();
    }

    private static void meta(BaseScimResource resource, String resourceType, String location) {
        Meta meta = new Meta();
        meta.setResourceType(resourceType);
        meta.setLocation(URI.create(location));
        resource.setMeta(meta);
    }

    private static ResponseEntity<ObjectNode> ok(Object resource) {
        return ResponseEntity.ok(JsonUtils.valueToNode(resource));
    }

    private static <T> ResponseEntity<ObjectNode> list(List<T> resources) {
        return ok(new ListResponse<>(resources.size(), new ArrayList<>(resources), 1, resources.size()));
    }
}
