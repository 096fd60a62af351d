package io.agentassembly.app;

import io.agentassembly.app.support.Api;
import io.agentassembly.app.support.IntegrationTest;
import io.agentassembly.app.support.Tenants;
import io.agentassembly.app.support.Tenants.Member;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.agentassembly.app.support.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The links in real sent mails (received over SMTP) open pages that exist: public HTML that loads only same-origin
 * assets under a strict CSP, and whose API call works with the token the link carries.
 */
class EmailLinkPagesTest extends IntegrationTest {

    private static final Pattern LINK = Pattern.compile("https?://\\S+?(/(?:verify-email|accept-invitation))#token=(\\S+)");
    private static final Pattern ASSET = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    private final HttpClient http = HttpClient.newHttpClient();

    private record Link(String path, String token) {
    }

    private record Page(int status, String contentType, String csp, String body) {
    }

    private Link linkIn(String recipient) {
        tenants.mailedToken(recipient);
        for (String mail : tenants.mailTo(recipient).reversed()) {
            Matcher link = LINK.matcher(mail);
            if (link.find()) {
                return new Link(link.group(1), link.group(2));
            }
        }
        throw new AssertionError("no link in the mails to " + recipient);
    }

    /** A browser's GET: the fragment stays in the browser, no credential is sent. */
    private Page get(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .header("Accept", "text/html,*/*").GET().build(), HttpResponse.BodyHandlers.ofString());
            return new Page(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Content-Security-Policy").orElse(""), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Opens the page, checks it is self-contained, and returns the script it runs. */
    private String openPage(Link link) {
        Page page = get(link.path());
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.csp()).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'");
        assertThat(page.body()).doesNotContain("<script>").contains("<main>", "<h1>", "lang=\"en\"");
        List<String> assets = new ArrayList<>();
        Matcher asset = ASSET.matcher(page.body());
        while (asset.find()) {
            assets.add(asset.group(1));
        }
        assertThat(assets).isNotEmpty().allSatisfy(a -> assertThat(a).doesNotContain(":").doesNotStartWith("/"));
        String script = null;
        for (String path : assets) {
            Page loaded = get("/" + path);
            assertThat(loaded.status()).as(path).isEqualTo(200);
            if (path.endsWith(".js")) {
                assertThat(loaded.contentType()).startsWith("text/javascript");
                script = loaded.body();
            }
        }
        assertThat(script).as("the page runs a script").isNotNull();
        return script;
    }

    @Test
    void theVerificationLinkOpensAPageWhoseCallVerifiesTheSignUp() {
        String email = Tenants.uniqueEmail("linked");
        assertThat(api.post("/api/v1/signup", null, json("email", email, "password", Tenants.PASSWORD,
                "workspace_name", "Linked", "region", "eu-west-1", "tier", "free")).status()).isEqualTo(202);
        Link link = linkIn(email);
        assertThat(link.path()).isEqualTo("/verify-email");

        String script = openPage(link);
        assertThat(script).contains("'api/v1/signup/verify'", "location.hash", "token: token");
        assertThat(get("/verify-email?token=" + link.token()).status()).as("links from older mails").isEqualTo(200);

        Api.Response verified = api.post("/api/v1/signup/verify", null, json("token", link.token()));
        assertThat(verified.status()).as(verified.body().toString()).isEqualTo(200);
        assertThat(verified.text("status")).isEqualTo("ACTIVE");
    }

    @Test
    void theInvitationLinkOpensAFormWhoseCallJoinsTheInvitee() {
        Member owner = tenants.signUp("pro");
        String email = Tenants.uniqueEmail("invitee");
        assertThat(api.post("/api/v1/invitations", owner.accessToken(), json("email", email, "role", "VIEWER"))
                .status()).isEqualTo(201);
        Link link = linkIn(email);
        assertThat(link.path()).isEqualTo("/accept-invitation");

        Page page = get(link.path());
        assertThat(page.body()).contains("name=\"password\"", "autocomplete=\"new-password\"", "name=\"display_name\"",
                "<label for=\"password\">", "role=\"status\"");
        String script = openPage(link);
        assertThat(script).contains("'api/v1/invitations/accept'", "display_name", "password");

        Api.Response accepted = api.post("/api/v1/invitations/accept", null,
                json("token", link.token(), "password", Tenants.PASSWORD, "display_name", "Ivy Invitee"));
        assertThat(accepted.status()).as(accepted.body().toString()).isEqualTo(201);
        assertThat(accepted.text("display_name")).isEqualTo("Ivy Invitee");
    }

    @Test
    void thePagesNeedNoCredentialAndKnowNothingOfTheToken() {
        Page bare = get("/verify-email");
        assertThat(bare.status()).isEqualTo(200);
        assertThat(bare.body()).doesNotContain("token=");
        assertThat(get("/accept-invitation").status()).isEqualTo(200);
    }
}
