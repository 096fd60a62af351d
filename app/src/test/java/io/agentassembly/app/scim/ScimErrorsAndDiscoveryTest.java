package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import io.agentassembly.app.rest.RestExceptionHandler;
import io.agentassembly.command.api.common.DomainException;
import io.agentassembly.command.api.common.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.MediaType;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.http.HttpMethod;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The discovery endpoints' JSON and the SCIM error model, on a standalone MockMvc (authentication of /scim/v2 is
 * not part of this): the REST API's handler is registered too, so the SCIM advice is shown to win for SCIM
 * controllers.
 */
class ScimErrorsAndDiscoveryTest {

    private static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
    private static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private MockMvc mvc;

    /**
     * A SCIM controller that fails in the ways the Users and Groups controllers can. Nested in a test class, so
     * Spring Boot's test type filter keeps it out of the application contexts other tests boot.
     */
    @RestController
    @RequestMapping("/scim/v2/test")
    static class Failing {
        record Body(String userName) {
        }

        @GetMapping("/domain/{code}")
        @ResponseBody
        String domain(@PathVariable("code") String code) {
            throw new DomainException(ErrorCode.valueOf(code), "refused: " + code);
        }

        @GetMapping("/version")
        @ResponseBody
        String version() {
            throw new DomainException(ErrorCode.CONFLICT, "expectedVersion", "the user changed since version 3");
        }

        @GetMapping("/scim")
        @ResponseBody
        String scim() throws BadRequestException {
            throw BadRequestException.invalidFilter("unknown attribute 'foo'");
        }

        @GetMapping("/boom")
        @ResponseBody
        String boom() {
            throw new IllegalStateException("password=hunter2 at jdbc:postgresql://db/secret");
        }

        @PostMapping(path = "/body", consumes = {ScimErrors.SCIM_JSON_VALUE, "application/json"})
        @ResponseBody
        String body(@RequestBody Body body) {
            return "ok";
        }
    }

    @BeforeEach
    void mvc() {
        mvc = MockMvcBuilders.standaloneSetup(new ScimDiscoveryController(200), new Failing())
                .setControllerAdvice(new RestExceptionHandler(), new ScimExceptionHandler())
                .setMessageConverters(new MappingJackson2HttpMessageConverter(new ObjectMapper()))
                .build();
    }

    @Test
    void serviceProviderConfig() throws Exception {
        mvc.perform(get("/scim/v2/ServiceProviderConfig"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(ScimErrors.SCIM_JSON))
                .andExpect(jsonPath("$.schemas[0]").value("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"))
                .andExpect(jsonPath("$.patch.supported").value(true))
                .andExpect(jsonPath("$.bulk.supported").value(false))
                .andExpect(jsonPath("$.filter.supported").value(true))
                .andExpect(jsonPath("$.filter.maxResults").value(200))
                .andExpect(jsonPath("$.changePassword.supported").value(false))
                .andExpect(jsonPath("$.sort.supported").value(true))
                .andExpect(jsonPath("$.etag.supported").value(true))
                .andExpect(jsonPath("$.authenticationSchemes[0].type").value("oauthbearertoken"))
                .andExpect(jsonPath("$.meta.resourceType").value("ServiceProviderConfig"))
                .andExpect(jsonPath("$.meta.location", endsWith("/scim/v2/ServiceProviderConfig")));
        mvc.perform(get("/scim/v2/ServiceProviderConfig").accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
        mvc.perform(get("/scim/v2/ServiceProviderConfig").param("filter", "x eq 1"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.schemas[0]").value(ERROR));
    }

    @Test
    void resourceTypes() throws Exception {
        mvc.perform(get("/scim/v2/ResourceTypes"))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith(ScimErrors.SCIM_JSON))
                .andExpect(jsonPath("$.schemas[0]").value(LIST))
                .andExpect(jsonPath("$.totalResults").value(2))
                .andExpect(jsonPath("$.itemsPerPage").value(2))
                .andExpect(jsonPath("$.startIndex").value(1))
                .andExpect(jsonPath("$.Resources[0].schemas[0]").value("urn:ietf:params:scim:schemas:core:2.0:ResourceType"))
                .andExpect(jsonPath("$.Resources[0].id").value("User"))
                .andExpect(jsonPath("$.Resources[0].endpoint").value("/Users"))
                .andExpect(jsonPath("$.Resources[0].schema").value(ScimFilters.USER_SCHEMA))
                .andExpect(jsonPath("$.Resources[0].schemaExtensions[0].schema").value(ScimFilters.ENTERPRISE_USER_SCHEMA))
                .andExpect(jsonPath("$.Resources[0].schemaExtensions[0].required").value(false))
                .andExpect(jsonPath("$.Resources[1].id").value("Group"))
                .andExpect(jsonPath("$.Resources[1].endpoint").value("/Groups"));
        mvc.perform(get("/scim/v2/ResourceTypes/Group"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.schema").value(ScimFilters.GROUP_SCHEMA))
                .andExpect(jsonPath("$.meta.location", endsWith("/scim/v2/ResourceTypes/Group")));
        mvc.perform(get("/scim/v2/ResourceTypes/Printer"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(ScimErrors.SCIM_JSON))
                .andExpect(jsonPath("$.schemas[0]").value(ERROR))
                .andExpect(jsonPath("$.status").value("404"));
    }

    @Test
    void schemas() throws Exception {
        mvc.perform(get("/scim/v2/Schemas"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.schemas[0]").value(LIST))
                .andExpect(jsonPath("$.totalResults").value(3))
                .andExpect(jsonPath("$.Resources[*].id", containsInAnyOrder(ScimFilters.USER_SCHEMA,
                        ScimFilters.GROUP_SCHEMA, ScimFilters.ENTERPRISE_USER_SCHEMA)));
        mvc.perform(get("/scim/v2/Schemas/" + ScimFilters.USER_SCHEMA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.schemas[0]").value("urn:ietf:params:scim:schemas:core:2.0:Schema"))
                .andExpect(jsonPath("$.id").value(ScimFilters.USER_SCHEMA))
                .andExpect(jsonPath("$.attributes[*].name", hasItem("userName")))
                .andExpect(jsonPath("$.attributes[*].name", hasItem("emails")))
                .andExpect(jsonPath("$.meta.resourceType").value("Schema"));
        mvc.perform(get("/scim/v2/Schemas/" + ScimFilters.ENTERPRISE_USER_SCHEMA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.attributes[*].name", hasItem("employeeNumber")));
        mvc.perform(get("/scim/v2/Schemas/" + ScimFilters.GROUP_SCHEMA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.attributes[*].name", hasItem("members")));
        mvc.perform(get("/scim/v2/Schemas/urn:example:Printer"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.schemas[0]").value(ERROR));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "-", value = {
            "VALIDATION_FAILED,400,invalidValue", "USER_NOT_FOUND,404,-", "NOT_FOUND,404,-",
            "EMAIL_TAKEN,409,uniqueness", "CONFLICT,409,-", "LAST_OWNER,400,mutability",
            "PERMISSION_DENIED,403,-", "REGION_IMMUTABLE,400,invalidValue", "INTERNAL,500,-"})
    void domainRefusals(String code, int status, String scimType) throws Exception {
        var result = mvc.perform(get("/scim/v2/test/domain/" + code))
                .andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(ScimErrors.SCIM_JSON))
                .andExpect(jsonPath("$.schemas[0]").value(ERROR))
                .andExpect(jsonPath("$.status").value(Integer.toString(status)));
        if (scimType == null) {
            result.andExpect(jsonPath("$.scimType").doesNotExist());
        } else {
            result.andExpect(jsonPath("$.scimType").value(scimType));
        }
    }

    @Test
    void otherErrors() throws Exception {
        mvc.perform(get("/scim/v2/test/version"))
                .andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.status").value("412"));
        mvc.perform(get("/scim/v2/test/scim"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.scimType").value("invalidFilter"))
                .andExpect(jsonPath("$.detail").value("unknown attribute 'foo'"));
        mvc.perform(get("/scim/v2/test/boom"))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith(ScimErrors.SCIM_JSON))
                .andExpect(content().string(not(containsString("hunter2"))))
                .andExpect(content().string(not(containsString("secret"))))
                .andExpect(content().string(not(containsString("Exception"))));
        mvc.perform(post("/scim/v2/test/body").contentType(ScimErrors.SCIM_JSON).content("{\"userName\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(ScimErrors.SCIM_JSON))
                .andExpect(jsonPath("$.scimType").value("invalidSyntax"));
        mvc.perform(post("/scim/v2/test/body").contentType(ScimErrors.SCIM_JSON).content("{\"nickname\":\"x\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.scimType").value("invalidSyntax"))
                .andExpect(jsonPath("$.detail").value("unknown attribute 'nickname'"));
        mvc.perform(post("/scim/v2/test/body").contentType(MediaType.APPLICATION_JSON).content("{\"userName\":\"a\"}"))
                .andExpect(status().isOk());
    }

    /**
     * Requests that fail before a controller is chosen never reach a package-scoped advice; in the application
     * ScimUnmatchedRequestResolver answers them (a standalone MockMvc has no place for it among its resolvers).
     */
    @Test
    void requestsNoScimControllerMatchedGetScimErrorsOthersAreLeftAlone() throws Exception {
        ScimUnmatchedRequestResolver resolver = new ScimUnmatchedRequestResolver();
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(resolver.resolveException(new MockHttpServletRequest("DELETE", "/scim/v2/ServiceProviderConfig"),
                response, null, new HttpRequestMethodNotSupportedException("DELETE", List.of("GET")))).isNotNull();
        assertThat(response.getStatus()).isEqualTo(405);
        assertThat(response.getHeader("Allow")).isEqualTo("GET");
        assertThat(response.getContentType()).startsWith(ScimErrors.SCIM_JSON_VALUE);
        assertThat(response.getContentAsString()).contains(ERROR).contains("\"405\"").contains("allowed: GET");

        MockHttpServletResponse media = new MockHttpServletResponse();
        resolver.resolveException(new MockHttpServletRequest("POST", "/scim/v2/Users"), media, null,
                new HttpMediaTypeNotSupportedException(MediaType.TEXT_PLAIN, List.of(ScimErrors.SCIM_JSON)));
        assertThat(media.getStatus()).isEqualTo(415);
        assertThat(media.getContentType()).startsWith(ScimErrors.SCIM_JSON_VALUE);
        assertThat(media.getContentAsString()).contains(ERROR).contains("text/plain");

        MockHttpServletResponse missing = new MockHttpServletResponse();
        resolver.resolveException(new MockHttpServletRequest("GET", "/scim/v2/Printers"), missing,
                new Object(), new NoResourceFoundException(HttpMethod.GET, "scim/v2/Printers"));
        assertThat(missing.getStatus()).isEqualTo(404);
        assertThat(missing.getContentAsString()).contains(ERROR);

        MockHttpServletResponse other = new MockHttpServletResponse();
        assertThat(resolver.resolveException(new MockHttpServletRequest("DELETE", "/api/v1/users"), other, null,
                new HttpRequestMethodNotSupportedException("DELETE", List.of("GET")))).isNull();
        assertThat(other.getContentAsString()).isEmpty();
        assertThat(resolver.resolveException(new MockHttpServletRequest("GET", "/scim/v2x"), other, null,
                new IllegalStateException())).isNull();
    }
}
