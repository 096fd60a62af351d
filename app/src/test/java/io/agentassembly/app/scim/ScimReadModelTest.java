package io.agentassembly.app.scim;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import io.agentassembly.app.support.TestDatabase;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP;
import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP_MEMBER;
import static io.agentassembly.schema.jooq.Tables.SCIM_USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SCIM filters, sorting and paging against a real PostgreSQL migrated by Flyway, without the Spring app: two
 * workspaces whose users and groups share names, so any leak across workspaces shows.
 */
class ScimReadModelTest {

    private static final String WS = "ws-1";
    private static final String OTHER = "ws-2";
    private static final String ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 1, 1, 10, 0, 0, 0, ZoneOffset.UTC);

    private static DSLContext dsl;
    private static ScimReadModel model;
    private static final List<String> FILLERS = IntStream.rangeClosed(4, 30).mapToObj(i -> String.format("f%02d", i)).toList();

    @BeforeAll
    static void database() throws Exception {
        TestDatabase.Connection3 db = TestDatabase.create("scim");
        Flyway.configure().dataSource(db.url(), db.user(), db.password()).locations("classpath:db/migration")
                .load().migrate();
        Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
        dsl = DSL.using(connection, SQLDialect.POSTGRES);
        model = new ScimReadModel(dsl, 200);

        user(WS, "a1", "Alice.Smith@Example.com", "ext-A1", "Alice Smith", true, T0, """
                "name":{"givenName":"Alice","familyName":"Smith","formatted":"Alice Smith"},
                "emails":[{"value":"alice.smith@example.com","type":"work","primary":true},
                          {"value":"alice@home.org","type":"home"}],
                "phoneNumbers":[{"value":"+1 555 0100","type":"work"}],
                "title":"Engineer",
                "%s":{"employeeNumber":"1001","department":"R&D","manager":{"value":"b2"}}""".formatted(ENT));
        user(WS, "b2", "bob@example.com", "EXT-B2", "Bob Jones", false, T0.plusMonths(1), """
                "name":{"givenName":"Bob","familyName":"Jones"},
                "emails":[{"value":"bob@example.com","type":"work"}],
                "%s":{"employeeNumber":"1002","department":"Sales"}""".formatted(ENT));
        user(WS, "c3", "carol@other.org", null, "Carol", true, T0.plusMonths(2), """
                "name":{"givenName":"Carol","familyName":"smith"},
                "emails":[{"value":"carol@other.org","type":"home","primary":true}],
                "title":\"\"""");
        for (String f : FILLERS) {
            int n = Integer.parseInt(f.substring(1));
            user(WS, f, "user" + f.substring(1) + "@filler.test", null, "Filler " + n, n % 2 == 0,
                    T0.plusMonths(3).plusHours(n), "\"emails\":[{\"value\":\"user%s@filler.test\",\"type\":\"work\"}]"
                            .formatted(f.substring(1)));
        }
        // The other workspace: the same names, ids of its own.
        user(OTHER, "w2-a", "alice.smith@example.com", "ext-A1", "Alice Smith", true, T0, """
                "name":{"givenName":"Alice","familyName":"Smith"},
                "emails":[{"value":"alice.smith@example.com","type":"work"}],
                "title":"Engineer",
                "%s":{"employeeNumber":"1002","department":"R&D"}""".formatted(ENT));
        for (String f : FILLERS.subList(0, 10)) {
            user(OTHER, "w2-" + f, "user" + f.substring(1) + "@filler.test", null, "Filler", false, T0,
                    "\"emails\":[{\"value\":\"x@filler.test\",\"type\":\"home\"}]");
        }
        group(WS, "g1", "Engineering", "grp-eng", T0, "a1", "c3");
        group(WS, "g2", "Sales", null, T0.plusDays(1), "b2");
        group(WS, "g3", "Empty", null, T0.plusDays(2));
        group(OTHER, "g9", "Engineering", "grp-eng", T0, "w2-a", "w2-f04");
        group(OTHER, "g8", "Sales", null, T0, "w2-f05");
    }

    private static void user(String ws, String id, String userName, String externalId, String displayName,
                             boolean active, OffsetDateTime created, String rest) {
        String resource = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\""
                + userName + "\",\"displayName\":\"" + displayName + "\",\"active\":" + active + "," + rest + "}";
        dsl.insertInto(SCIM_USER)
                .set(SCIM_USER.USER_ID, id).set(SCIM_USER.WORKSPACE_ID, ws).set(SCIM_USER.USER_NAME, userName)
                .set(SCIM_USER.EXTERNAL_ID, externalId).set(SCIM_USER.DISPLAY_NAME, displayName)
                .set(SCIM_USER.ACTIVE, active).set(SCIM_USER.MANAGED_BY, "SCIM")
                .set(DSL.field(DSL.name("resource"), SQLDataType.JSONB), JSONB.valueOf(resource))
                .set(SCIM_USER.VERSION, 1L).set(SCIM_USER.CREATED_AT, created)
                .set(SCIM_USER.LAST_MODIFIED, created.plusMinutes(5))
                .execute();
    }

    private static void group(String ws, String id, String displayName, String externalId, OffsetDateTime created,
                              String... members) {
        dsl.insertInto(SCIM_GROUP).set(SCIM_GROUP.GROUP_ID, id).set(SCIM_GROUP.WORKSPACE_ID, ws)
                .set(SCIM_GROUP.DISPLAY_NAME, displayName).set(SCIM_GROUP.EXTERNAL_ID, externalId)
                .set(SCIM_GROUP.MANAGED_BY, "SCIM").set(SCIM_GROUP.MEMBER_COUNT, members.length)
                .set(SCIM_GROUP.VERSION, 1L).set(SCIM_GROUP.CREATED_AT, created)
                .set(SCIM_GROUP.LAST_MODIFIED, created).execute();
        for (String m : members) {
            dsl.insertInto(SCIM_GROUP_MEMBER).set(SCIM_GROUP_MEMBER.GROUP_ID, id)
                    .set(SCIM_GROUP_MEMBER.USER_ID, m).set(SCIM_GROUP_MEMBER.WORKSPACE_ID, ws)
                    .set(SCIM_GROUP_MEMBER.ADDED_AT, created).execute();
        }
    }

    private static List<String> users(String filter) throws BadRequestException {
        return users(WS, filter);
    }

    private static List<String> users(String ws, String filter) throws BadRequestException {
        Page<ScimReadModel.UserRow> page = model.users(ws, ScimFilters.parse(filter), SortSpec.DEFAULT, 1, 200);
        List<String> ids = page.resources().stream().map(ScimReadModel.UserRow::userId).toList();
        assertThat(page.totalResults()).isEqualTo(ids.size());
        assertThat(page.resources()).allMatch(u -> u.workspaceId().equals(ws));
        return ids.stream().sorted().toList();
    }

    private static List<String> groups(String ws, String filter) throws BadRequestException {
        Page<ScimReadModel.GroupRow> page = model.groups(ws, ScimFilters.parse(filter), SortSpec.DEFAULT, 1, 200, false);
        assertThat(page.resources()).allMatch(g -> g.workspaceId().equals(ws));
        return page.resources().stream().map(ScimReadModel.GroupRow::groupId).sorted().toList();
    }

    private static List<String> ids(String... ids) {
        return Arrays.stream(ids).sorted().toList();
    }

    private static List<String> allBut(String... excluded) {
        List<String> all = new ArrayList<>(List.of("a1", "b2", "c3"));
        all.addAll(FILLERS);
        all.removeAll(List.of(excluded));
        return all.stream().sorted().toList();
    }

    @Test
    void stringOperatorsAreCaseInsensitiveOnUserName() throws Exception {
        assertThat(users("userName eq \"alice.smith@example.com\"")).isEqualTo(ids("a1"));
        assertThat(users("USERNAME Eq \"ALICE.SMITH@EXAMPLE.COM\"")).isEqualTo(ids("a1"));
        assertThat(users("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"bob@example.com\""))
                .isEqualTo(ids("b2"));
        assertThat(users("userName ne \"alice.smith@example.com\"")).isEqualTo(allBut("a1"));
        assertThat(users("userName co \"SMITH\"")).isEqualTo(ids("a1"));
        assertThat(users("userName sw \"USER0\"")).isEqualTo(ids("f04", "f05", "f06", "f07", "f08", "f09"));
        assertThat(users("userName ew \"@Other.org\"")).isEqualTo(ids("c3"));
        assertThat(users("userName pr")).isEqualTo(allBut());
        assertThat(users("userName gt \"user29@filler.test\"")).isEqualTo(ids("f30"));
        assertThat(users("userName ge \"USER29@filler.test\"")).isEqualTo(ids("f29", "f30"));
        assertThat(users("userName lt \"b\"")).isEqualTo(ids("a1"));
        assertThat(users("userName le \"bob@example.com\"")).isEqualTo(ids("a1", "b2"));
        assertThat(users("displayName eq \"bob jones\"")).isEqualTo(ids("b2"));
        assertThat(users("userName co \"%\"")).isEmpty();
        assertThat(users("userName co \"_\"")).isEmpty();
    }

    @Test
    void caseExactAttributesCompareExactly() throws Exception {
        assertThat(users("id eq \"a1\"")).isEqualTo(ids("a1"));
        assertThat(users("id eq \"A1\"")).isEmpty();
        assertThat(users("externalId eq \"EXT-B2\"")).isEqualTo(ids("b2"));
        assertThat(users("externalId eq \"ext-b2\"")).isEmpty();
        assertThat(users("externalId pr")).isEqualTo(ids("a1", "b2"));
    }

    @Test
    void logicalOperatorsAndPresence() throws Exception {
        assertThat(users("title pr")).isEqualTo(ids("a1"));
        assertThat(users("not (title pr)")).isEqualTo(allBut("a1"));
        assertThat(users("title ne \"engineer\"")).isEqualTo(allBut("a1"));
        assertThat(users("title eq null")).isEqualTo(allBut("a1"));
        assertThat(users("userName eq \"nobody\" or (displayName co \"carol\" and active eq true)"))
                .isEqualTo(ids("c3"));
        assertThat(users("(userName sw \"alice\" or userName sw \"bob\") and not (active eq false)"))
                .isEqualTo(ids("a1"));
    }

    @Test
    void booleans() throws Exception {
        List<String> inactive = new ArrayList<>(List.of("b2"));
        FILLERS.stream().filter(f -> Integer.parseInt(f.substring(1)) % 2 == 1).forEach(inactive::add);
        assertThat(users("active eq false")).isEqualTo(inactive.stream().sorted().toList());
        assertThat(users("active ne false")).isEqualTo(allBut(inactive.toArray(String[]::new)));
        assertThat(users("active eq \"TRUE\"")).isEqualTo(users("active eq true"));
        assertInvalidFilter("active gt true");
        assertInvalidFilter("active eq \"yes\"");
        assertInvalidFilter("active co \"t\"");
    }

    @Test
    void dates() throws Exception {
        assertThat(users("meta.created gt \"2026-01-15T00:00:00Z\" and meta.created lt \"2026-03-15T00:00:00Z\""))
                .isEqualTo(ids("b2", "c3"));
        assertThat(users("meta.created ge \"2026-01-01T10:00:00Z\" and meta.created le \"2026-01-01T10:00:00Z\""))
                .isEqualTo(ids("a1"));
        assertThat(users("meta.created eq \"2026-01-01T11:00:00+01:00\"")).isEqualTo(ids("a1"));
        assertThat(users("meta.lastModified gt \"2026-01-01T10:04:00Z\" and meta.lastModified lt \"2026-01-02\""))
                .isEqualTo(ids("a1"));
        assertThat(users("Meta.LastModified ge \"2026-01-01\"")).isEqualTo(allBut());
        assertInvalidFilter("meta.created gt \"yesterday\"");
        assertInvalidFilter("meta.created gt 42");
        assertInvalidFilter("meta.created co \"2026\"");
        assertInvalidFilter("meta.version eq \"W/1\"");
    }

    @Test
    void jsonAttributesSubAttributesAndMultiValued() throws Exception {
        assertThat(users("name.familyName eq \"SMITH\"")).isEqualTo(ids("a1", "c3"));
        assertThat(users("Name.FamilyName co \"mit\"")).isEqualTo(ids("a1", "c3"));
        assertThat(users("name pr")).isEqualTo(ids("a1", "b2", "c3"));
        assertThat(users("title eq \"ENGINEER\"")).isEqualTo(ids("a1"));
        assertThat(users("emails.value co \"@home.org\"")).isEqualTo(ids("a1"));
        assertThat(users("emails.type eq \"home\"")).isEqualTo(ids("a1", "c3"));
        assertThat(users("emails co \"carol\"")).isEqualTo(ids("c3"));
        assertThat(users("emails pr")).isEqualTo(allBut());
        assertThat(users("emails.primary eq true")).isEqualTo(ids("a1", "c3"));
        assertThat(users("phoneNumbers pr")).isEqualTo(ids("a1"));
        assertThat(users("phoneNumbers.value sw \"+1 555\"")).isEqualTo(ids("a1"));
        assertThat(users("emails.value ne \"bob@example.com\"")).isEqualTo(allBut("b2"));
    }

    @Test
    void valueFilters() throws Exception {
        assertThat(users("emails[type eq \"work\" and value co \"ALICE\"]")).isEqualTo(ids("a1"));
        assertThat(users("emails[type eq \"home\" and value co \"bob\"]")).isEmpty();
        assertThat(users("emails[type eq \"home\"] and emails[type eq \"work\"]")).isEqualTo(ids("a1"));
        assertThat(users("emails[not (type eq \"work\")]")).isEqualTo(ids("a1", "c3"));
        assertThat(users("emails[primary eq true and value ew \".org\"]")).isEqualTo(ids("c3"));
        assertThat(users("userName sw \"user\" and not (emails[type eq \"work\"])")).isEmpty();
        // the value path form (RFC 7644 §3.4.2.2), rewritten into the complex filter the SDK parses
        assertThat(users("emails[type eq \"work\"].value eq \"Alice.Smith@example.com\"")).isEqualTo(ids("a1"));
        assertThat(users("emails[type eq \"home\"].value co \"]\" or emails[type eq \"home\"].value ew \".org\""))
                .isEqualTo(ids("a1", "c3"));
        assertThat(users("emails[type eq \"home\"].value pr and userName sw \"carol\"")).isEqualTo(ids("c3"));
        assertThat(users("emails[type eq \"work\"].value eq \"x\"")).isEmpty();
        assertInvalidFilter("emails[type eq \"work\"].value xx \"x\"");
        assertInvalidFilter("emails[type eq \"work\"].nope eq \"x\"");
        assertInvalidFilter("emails[nope eq \"work\"]");
        assertInvalidFilter("name[givenName eq \"x\"]");
        assertInvalidFilter("emails.value[type eq \"x\"]");
    }

    @Test
    void enterpriseExtension() throws Exception {
        assertThat(users(ENT + ":employeeNumber eq \"1002\"")).isEqualTo(ids("b2"));
        assertThat(users(ENT + ":department eq \"r&d\"")).isEqualTo(ids("a1"));
        assertThat(users(ENT + ":manager.value eq \"b2\"")).isEqualTo(ids("a1"));
        assertThat(users(ENT + ":manager pr")).isEqualTo(ids("a1"));
        assertThat(users(ENT + ":EmployeeNumber pr")).isEqualTo(ids("a1", "b2"));
        assertThat(users(ENT.toUpperCase() + ":EMPLOYEENUMBER eq \"1002\"")).isEqualTo(ids("b2"));
        assertInvalidFilter(ENT + ":shoeSize eq \"42\"");
        assertInvalidFilter("urn:ietf:params:scim:schemas:extension:other:2.0:User:department eq \"x\"");
    }

    @Test
    void groupsOfUsers() throws Exception {
        assertThat(users("groups.value eq \"g1\"")).isEqualTo(ids("a1", "c3"));
        assertThat(users("groups eq \"g2\"")).isEqualTo(ids("b2"));
        assertThat(users("groups.value eq \"G1\"")).isEmpty();
        assertThat(users("groups.display eq \"engineering\"")).isEqualTo(ids("a1", "c3"));
        assertThat(users("groups pr")).isEqualTo(ids("a1", "b2", "c3"));
        assertThat(users("not (groups pr)")).isEqualTo(allBut("a1", "b2", "c3"));
        assertThat(users("groups[display sw \"Sal\"]")).isEqualTo(ids("b2"));
        assertThat(users("groups[value eq \"g9\"]")).isEmpty();
        assertThat(users(OTHER, "groups.display eq \"Engineering\"")).isEqualTo(ids("w2-a", "w2-f04"));
    }

    @Test
    void groupFilters() throws Exception {
        assertThat(groups(WS, "displayName eq \"engineering\"")).isEqualTo(ids("g1"));
        assertThat(groups(WS, "DISPLAYNAME sw \"s\"")).isEqualTo(ids("g2"));
        assertThat(groups(WS, "externalId eq \"grp-eng\"")).isEqualTo(ids("g1"));
        assertThat(groups(WS, "members.value eq \"a1\"")).isEqualTo(ids("g1"));
        assertThat(groups(WS, "members eq \"b2\"")).isEqualTo(ids("g2"));
        assertThat(groups(WS, "members pr")).isEqualTo(ids("g1", "g2"));
        assertThat(groups(WS, "not (members pr)")).isEqualTo(ids("g3"));
        assertThat(groups(WS, "members[value eq \"c3\"]")).isEqualTo(ids("g1"));
        assertThat(groups(WS, "members.display co \"BOB\"")).isEqualTo(ids("g2"));
        assertThat(groups(WS, "members.value eq \"w2-a\"")).isEmpty();
        assertThat(groups(WS, "id eq \"g3\" or meta.created gt \"2026-01-01T12:00:00Z\"")).isEqualTo(ids("g2", "g3"));
        assertThat(groups(OTHER, "displayName eq \"Engineering\"")).isEqualTo(ids("g9"));
        assertThat(groups(OTHER, null)).isEqualTo(ids("g8", "g9"));
        assertThatThrownBy(() -> groups(WS, "userName eq \"x\"")).isInstanceOf(BadRequestException.class)
                .satisfies(e -> assertThat(((BadRequestException) e).getScimError().getScimType()).isEqualTo("invalidFilter"));
        assertThatThrownBy(() -> groups(WS, "members.type eq \"User\"")).isInstanceOf(BadRequestException.class);
    }

    @Test
    void workspaceScoping() throws Exception {
        assertThat(users(OTHER, "userName eq \"alice.smith@example.com\"")).isEqualTo(ids("w2-a"));
        assertThat(users(OTHER, null)).hasSize(11);
        assertThat(users(null)).hasSize(30);
        assertThat(users(ENT + ":employeeNumber eq \"1002\"")).isEqualTo(ids("b2"));
        assertThat(users(OTHER, ENT + ":employeeNumber eq \"1002\"")).isEqualTo(ids("w2-a"));
        assertThat(users("nothing", null)).isEmpty();
        assertThat(model.user(WS, "w2-a")).isEmpty();
        assertThat(model.user(OTHER, "w2-a")).isPresent();
        assertThat(model.group(WS, "g9", true)).isEmpty();
    }

    @Test
    void valuesAndJsonKeysAreBoundNeverSpliced() throws Exception {
        String sql = dsl.render(ScimFilters.users(ScimFilters.parse(
                "title eq \"O'Brien\" or " + ENT + ":employeeNumber co \"x\\\" or 1=1 --\" or emails[type eq \"work\"]")));
        assertThat(sql).doesNotContain("O'Brien").doesNotContain("Brien").doesNotContain("employeeNumber")
                .doesNotContain("1=1").doesNotContain("title").doesNotContain("work");
        assertThat(users("userName eq \"x' or '1'='1\"")).isEmpty();
        assertThat(users("title co \"'\"")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo eq \"x\"", "name.middle eq \"x\"", "userName.value eq \"x\"", "a.b.c eq \"x\"",
            "urn:x:y:foo eq 1", "password eq \"x\"", "meta eq \"x\"", "name eq \"x\"", "userName eq",
            "userName xx \"a\"", "((userName eq \"a\")", "emails[type eq \"work\"].value eq"})
    void unknownAttributesAndMalformedFiltersAreInvalidFilter(String filter) {
        assertInvalidFilter(filter);
    }

    private static void assertInvalidFilter(String filter) {
        assertThatThrownBy(() -> users(filter)).isInstanceOf(BadRequestException.class)
                .satisfies(e -> {
                    BadRequestException bad = (BadRequestException) e;
                    assertThat(bad.getScimError().getScimType()).isEqualTo("invalidFilter");
                    assertThat(bad.getScimError().getStatus()).isEqualTo(400);
                });
    }

    private static List<String> sorted(String sortBy, String order) throws BadRequestException {
        return model.users(WS, null, SortSpec.of(sortBy, order), 1, 200).resources().stream()
                .map(ScimReadModel.UserRow::userId).toList();
    }

    @Test
    void sorting() throws Exception {
        List<String> byName = new ArrayList<>(List.of("a1", "b2", "c3"));
        byName.addAll(FILLERS);
        assertThat(sorted("userName", null)).isEqualTo(byName);
        assertThat(sorted("USERNAME", "ascending")).isEqualTo(byName);
        assertThat(sorted("userName", "Descending")).isEqualTo(byName.reversed());
        assertThat(sorted("emails.value", null)).isEqualTo(byName);
        assertThat(sorted("meta.created", "descending").getFirst()).isEqualTo("f30");
        assertThat(sorted("meta.lastModified", null).getFirst()).isEqualTo("a1");
        assertThat(sorted("id", "descending").getFirst()).isEqualTo("f30");
        assertThat(sorted(null, null)).isEqualTo(byName);
        List<String> byFamily = sorted("name.familyName", null);
        assertThat(byFamily.subList(0, 3)).containsExactly("b2", "a1", "c3");
        assertThat(byFamily.subList(3, 30)).isEqualTo(FILLERS);
        List<String> byFamilyDown = sorted("name.familyName", "descending");
        assertThat(byFamilyDown.subList(0, 27)).isEqualTo(FILLERS);
        assertThat(byFamilyDown.subList(27, 30)).containsExactly("a1", "c3", "b2");
        List<String> byEmployeeNumberDown = sorted(ENT + ":employeeNumber", "descending");
        assertThat(byEmployeeNumberDown.subList(0, 2)).containsExactly("c3", "f04");
        assertThat(byEmployeeNumberDown.subList(28, 30)).containsExactly("b2", "a1");
        assertThat(sorted("displayName", null).getFirst()).isEqualTo("a1");
        assertThat(sorted("externalId", null).subList(0, 2)).containsExactly("b2", "a1");
        for (String bad : new String[]{"foo", "groups", "groups.value", "meta.version", "name", "a.b.c", "emails["}) {
            assertThatThrownBy(() -> sorted(bad, null)).isInstanceOf(BadRequestException.class)
                    .satisfies(e -> assertThat(((BadRequestException) e).getScimError().getScimType())
                            .isEqualTo("invalidValue"));
        }
        assertThatThrownBy(() -> SortSpec.of("userName", "sideways")).isInstanceOf(BadRequestException.class);
        List<String> groupsDown = model.groups(WS, null, SortSpec.of("displayName", "descending"), 1, 10, false)
                .resources().stream().map(ScimReadModel.GroupRow::groupId).toList();
        assertThat(groupsDown).containsExactly("g2", "g1", "g3");
    }

    @ParameterizedTest
    @CsvSource({"1,10,10,f04,f13", "21,10,7,f24,f30", "0,3,3,f04,f06", "-7,1,1,f04,f04", "27,5,1,f30,f30"})
    void paging(int startIndex, int count, int size, String first, String last) throws Exception {
        Page<ScimReadModel.UserRow> page = model.users(WS, ScimFilters.parse("userName sw \"user\""),
                SortSpec.of("userName", null), startIndex, count);
        assertThat(page.totalResults()).isEqualTo(27);
        assertThat(page.startIndex()).isEqualTo(Math.max(1, startIndex));
        assertThat(page.itemsPerPage()).isEqualTo(size);
        assertThat(page.resources().getFirst().userId()).isEqualTo(first);
        assertThat(page.resources().getLast().userId()).isEqualTo(last);
    }

    @Test
    void pagingLimits() throws Exception {
        Page<ScimReadModel.UserRow> none = model.users(WS, null, SortSpec.DEFAULT, 1, -5);
        assertThat(none.resources()).isEmpty();
        assertThat(none.totalResults()).isEqualTo(30);
        Page<ScimReadModel.UserRow> past = model.users(WS, null, SortSpec.DEFAULT, 31, 10);
        assertThat(past.resources()).isEmpty();
        assertThat(past.totalResults()).isEqualTo(30);
        ScimReadModel small = new ScimReadModel(dsl, 5);
        Page<ScimReadModel.UserRow> capped = small.users(WS, null, SortSpec.DEFAULT, 1, 1000);
        assertThat(capped.resources()).hasSize(5);
        assertThat(capped.totalResults()).isEqualTo(30);
    }

    @Test
    void rowsCarryResourceGroupsAndMembers() throws Exception {
        ScimReadModel.UserRow alice = model.user(WS, "a1").orElseThrow();
        assertThat(alice.userName()).isEqualTo("Alice.Smith@Example.com");
        assertThat(alice.resource().path("name").path("familyName").asText()).isEqualTo("Smith");
        assertThat(alice.resource().path(ENT).path("manager").path("value").asText()).isEqualTo("b2");
        assertThat(alice.groups()).containsExactly(new ScimReadModel.GroupRef("g1", "Engineering"));
        assertThat(alice.created()).isEqualTo(T0.toInstant());
        Page<ScimReadModel.UserRow> page = model.users(WS, ScimFilters.parse("groups pr"), SortSpec.DEFAULT, 1, 10);
        assertThat(page.resources()).extracting(u -> u.groups().size()).containsExactly(1, 1, 1);
        assertThat(model.group(WS, "g1", true).orElseThrow().memberIds()).containsExactly("a1", "c3");
        assertThat(model.group(WS, "g1", false).orElseThrow().memberIds()).isNull();
        Page<ScimReadModel.GroupRow> groups = model.groups(WS, null, SortSpec.DEFAULT, 1, 10, true);
        assertThat(groups.resources()).extracting(ScimReadModel.GroupRow::memberIds)
                .containsExactly(List.of("a1", "c3"), List.of("b2"), List.of());
        assertThat(model.groups(WS, null, SortSpec.DEFAULT, 1, 10, false).resources())
                .allMatch(g -> g.memberIds() == null);
    }
}
