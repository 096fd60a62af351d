package io.agentassembly.app.scim;

import com.unboundid.scim2.common.exceptions.NotImplementedException;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What this service provider does not offer answers 501 (RFC 7644 §3.7 for bulk, §3.11 for /Me: a token names a
 * workspace's identity provider, not a user), as ServiceProviderConfig announces.
 */
@Hidden
@RestController
@RequestMapping(path = "/scim/v2", produces = {ScimErrors.SCIM_JSON_VALUE, "application/json"})
public class ScimUnsupportedController {

    @RequestMapping("/Bulk")
    public void bulk() throws NotImplementedException {
        throw new NotImplementedException("bulk operations are not supported (see /scim/v2/ServiceProviderConfig); "
                + "send one request per resource");
    }

    @RequestMapping({"/Me", "/Me/**"})
    public void me() throws NotImplementedException {
        throw new NotImplementedException("/Me is not supported: a SCIM token acts for the workspace's identity "
                + "provider, not for a user");
    }
}
