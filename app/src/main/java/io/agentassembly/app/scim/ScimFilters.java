package io.agentassembly.app.scim;

import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.ComplexValueFilter;
import com.unboundid.scim2.common.filters.ContainsFilter;
import com.unboundid.scim2.common.filters.EndsWithFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.filters.FilterVisitor;
import com.unboundid.scim2.common.filters.GreaterThanFilter;
import com.unboundid.scim2.common.filters.GreaterThanOrEqualFilter;
import com.unboundid.scim2.common.filters.LessThanFilter;
import com.unboundid.scim2.common.filters.LessThanOrEqualFilter;
import com.unboundid.scim2.common.filters.NotEqualFilter;
import com.unboundid.scim2.common.filters.NotFilter;
import com.unboundid.scim2.common.filters.OrFilter;
import com.unboundid.scim2.common.filters.PresentFilter;
import com.unboundid.scim2.common.filters.StartsWithFilter;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.SchemaResource;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.SchemaUtils;
import io.agentassembly.schema.jooq.tables.ScimGroup;
import io.agentassembly.schema.jooq.tables.ScimGroupMember;
import io.agentassembly.schema.jooq.tables.ScimUser;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.SortField;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.beans.IntrospectionException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP;
import static io.agentassembly.schema.jooq.Tables.SCIM_GROUP_MEMBER;
import static io.agentassembly.schema.jooq.Tables.SCIM_USER;

/**
 * SCIM filters (RFC 7644 §3.4.2.2) and {@code sortBy} as jOOQ over the SCIM read model ({@code scim_user},
 * {@code scim_group}, {@code scim_group_member}), so filtering and ordering happen in SQL before paging.
 * <p>
 * Attribute names resolve case-insensitively against the SDK's User, EnterpriseUser and Group schemas (plus the
 * common {@code id}, {@code externalId}, {@code meta}); {@code id}, {@code userName}, {@code externalId},
 * {@code displayName}, {@code active}, {@code meta.created} and {@code meta.lastModified} map to columns,
 * {@code groups} (on Users) and {@code members} (on Groups) to EXISTS over {@code scim_group_member}, every
 * other User attribute to the {@code resource} JSONB (multi-valued ones to EXISTS over
 * {@code jsonb_array_elements}). Every user-supplied value and JSON key is a bind value.
 * <p>
 * Semantics: strings compare case-insensitively unless the schema marks the attribute caseExact; booleans only
 * take eq/ne; dateTimes take ISO 8601 values; {@code pr} is "present and not null, not empty";
 * {@code ne} and {@code not} are the negation of their filter where a missing attribute counts as not matching
 * the inner filter (so {@code title ne "x"} matches users without a title). Errors are
 * {@link BadRequestException#invalidFilter} for filters and {@link BadRequestException#invalidValue} for sortBy.
 */
public final class ScimFilters {

    public static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

    static final SchemaResource USER_SCHEMA_RESOURCE = schema(UserResource.class);
    static final SchemaResource GROUP_SCHEMA_RESOURCE = schema(GroupResource.class);
    static final SchemaResource ENTERPRISE_USER_SCHEMA_RESOURCE = schema(EnterpriseUserExtension.class);

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ISO_DATE_TIME;

    private ScimFilters() {
    }

    /** The filter as sent, or null for none (null or blank); a malformed filter is a 400 invalidFilter. */
    public static Filter parse(String filter) throws BadRequestException {
        if (filter == null || filter.isBlank()) {
            return null;
        }
        try {
            return Filter.fromString(ValuePathFilters.rewrite(filter));
        } catch (BadRequestException e) {
            String detail = e.getScimError().getDetail();
            int cut = detail == null ? -1 : detail.indexOf('\n');
            throw BadRequestException.invalidFilter("malformed filter: " + (detail == null ? "cannot be parsed"
                    : cut < 0 ? detail : detail.substring(0, cut)));
        }
    }

    /** The condition on {@code scim_user} matching the filter; null filter → true. */
    public static Condition users(Filter filter) throws BadRequestException {
        return filter == null ? DSL.trueCondition()
                : new Translator(BadRequestException::invalidFilter).condition(filter, new UserScope());
    }

    /** The condition on {@code scim_group} matching the filter; null filter → true. */
    public static Condition groups(Filter filter) throws BadRequestException {
        return filter == null ? DSL.trueCondition()
                : new Translator(BadRequestException::invalidFilter).condition(filter, new GroupScope());
    }

    /**
     * The ORDER BY for a users list: the sortBy attribute (a single-valued attribute, or a multi-valued one's
     * primary value such as {@code emails.value}), then {@code user_id}; without sortBy: created_at, user_id.
     * Ascending puts missing values last, descending first. An unknown or unsortable attribute → 400 invalidValue.
     */
    public static List<SortField<?>> userOrder(SortSpec sort) throws BadRequestException {
        return order(sort, new UserScope(), SCIM_USER.USER_ID, SCIM_USER.CREATED_AT);
    }

    /** As {@link #userOrder} for groups (id, externalId, displayName, meta.created, meta.lastModified). */
    public static List<SortField<?>> groupOrder(SortSpec sort) throws BadRequestException {
        return order(sort, new GroupScope(), SCIM_GROUP.GROUP_ID, SCIM_GROUP.CREATED_AT);
    }

    private static List<SortField<?>> order(SortSpec sort, Scope root, Field<String> id,
                                            Field<OffsetDateTime> created) throws BadRequestException {
        List<SortField<?>> order = new ArrayList<>();
        if (sort == null || sort.sortBy() == null) {
            order.add(created.asc());
            order.add(id.asc());
            return order;
        }
        Path path;
        try {
            path = Path.fromString(sort.sortBy());
        } catch (BadRequestException e) {
            throw BadRequestException.invalidValue("sortBy '" + sort.sortBy() + "' is not an attribute path");
        }
        Translator translator = new Translator(BadRequestException::invalidValue);
        Field<?> field = root.resolve(path, translator).sortField(translator);
        order.add(sort.descending() ? field.desc().nullsFirst() : field.asc().nullsLast());
        order.add(id.asc());
        return order;
    }

    private static SchemaResource schema(Class<?> type) {
        try {
            return SchemaUtils.getSchema(type);
        } catch (IntrospectionException e) {
            throw new IllegalStateException("cannot read the SCIM schema of " + type.getSimpleName(), e);
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    /** Where attribute paths resolve: a resource root, or the elements of a multi-valued attribute. */
    private interface Scope {
        Target resolve(Path path, Translator t) throws BadRequestException;

        default boolean insideValueFilter() {
            return false;
        }
    }

    private static final class Translator implements FilterVisitor<Condition, Scope> {

        private final Function<String, BadRequestException> error;
        private int aliases;

        Translator(Function<String, BadRequestException> error) {
            this.error = error;
        }

        BadRequestException error(String detail) {
            return error.apply(detail);
        }

        String alias(String prefix) {
            return prefix + (++aliases);
        }

        Condition condition(Filter filter, Scope scope) throws BadRequestException {
            try {
                return filter.visit(this, scope);
            } catch (BadRequestException e) {
                throw e;
            } catch (ScimException e) {
                throw error(e.getMessage());
            }
        }

        private Condition compare(Filter f, FilterType op, Scope s) throws BadRequestException {
            return s.resolve(f.getAttributePath(), this).compare(op, f.getComparisonValue(), this);
        }

        @Override
        public Condition visit(EqualFilter f, Scope s) throws ScimException {
            return compare(f, FilterType.EQUAL, s);
        }

        @Override
        public Condition visit(NotEqualFilter f, Scope s) throws ScimException {
            return notTrue(compare(f, FilterType.EQUAL, s));
        }

        @Override
        public Condition visit(ContainsFilter f, Scope s) throws ScimException {
            return compare(f, FilterType.CONTAINS, s);
        }

        @Override
        public Condition visit(StartsWithFilter f, Scope s) throws ScimException {
            return compare(f, FilterType.STARTS_WITH, s);
        }

        @Override
        public Condition visit(EndsWithFilter f, Scope s) throws ScimException {
            return compare(f, FilterType.ENDS_WITH, s);
        }

        @Override
        public Condition visit(PresentFilter f, Scope s) throws ScimException {
            return s.resolve(f.getAttributePath(), this).present(this);
        }

        @Override
        public Condition visit(GreaterThanFilter f, Scope s) throws ScimException {
            return compare(f, FilterType.GREATER_THAN, s);
        }

        @Override
        public Condition visit(GreaterThanOrEqualFilter f, Scope s) throws ScimException {
            return compare(f, FilterType.GREATER_OR_EQUAL, s);
        }

        @Override
        public Condition visit(LessThanFilter f, Scope s) throws ScimException {
            return compare(f, FilterType.LESS_THAN, s);
        }

        @Override
        public Condition visit(LessThanOrEqualFilter f, Scope s) throws ScimException {
            return compare(f, FilterType.LESS_OR_EQUAL, s);
        }

        @Override
        public Condition visit(AndFilter f, Scope s) throws ScimException {
            List<Condition> parts = new ArrayList<>();
            for (Filter part : f.getCombinedFilters()) {
                parts.add(part.visit(this, s));
            }
            return DSL.and(parts);
        }

        @Override
        public Condition visit(OrFilter f, Scope s) throws ScimException {
            List<Condition> parts = new ArrayList<>();
            for (Filter part : f.getCombinedFilters()) {
                parts.add(part.visit(this, s));
            }
            return DSL.or(parts);
        }

        @Override
        public Condition visit(NotFilter f, Scope s) throws ScimException {
            return notTrue(f.getInvertedFilter().visit(this, s));
        }

        @Override
        public Condition visit(ComplexValueFilter f, Scope s) throws ScimException {
            if (s.insideValueFilter()) {
                throw error("value filters cannot be nested: " + f);
            }
            return s.resolve(f.getAttributePath(), this).valueFilter(f.getValueFilter(), this);
        }
    }

    /** A negation under which a NULL (missing attribute) inner result counts as false, so the negation is true. */
    private static Condition notTrue(Condition condition) {
        return DSL.condition("({0}) is not true", condition);
    }

    // ----------------------------------------------------------------------------------------------------------

    /** What an attribute path resolved to. */
    private abstract static class Target {
        final String name;

        Target(String name) {
            this.name = name;
        }

        abstract Condition compare(FilterType op, ValueNode value, Translator t) throws BadRequestException;

        abstract Condition present(Translator t) throws BadRequestException;

        Condition valueFilter(Filter inner, Translator t) throws BadRequestException {
            throw t.error("'" + name + "' is not a multi-valued attribute; a value filter [...] needs one");
        }

        Field<?> sortField(Translator t) throws BadRequestException {
            throw t.error("cannot sort by '" + name + "'");
        }
    }

    /** A single value: a column, or a JSON scalar extracted as text. */
    private static final class Scalar extends Target {
        final Field<?> field;
        final Type type;
        final boolean caseExact;

        Scalar(String name, Field<?> field, Type type, boolean caseExact) {
            super(name);
            this.field = field;
            this.type = type == null ? Type.STRING : type;
            this.caseExact = caseExact;
        }

        @Override
        Condition compare(FilterType op, ValueNode value, Translator t) throws BadRequestException {
            return scalar(this, op, value, t);
        }

        @Override
        Condition present(Translator t) {
            if (field.getType() == String.class) {
                @SuppressWarnings("unchecked") Field<String> text = (Field<String>) field;
                return text.isNotNull().and(text.notIn("", "[]", "{}"));
            }
            return field.isNotNull();
        }

        @Override
        Field<?> sortField(Translator t) {
            if (field.getType() == String.class && !caseExact && type == Type.STRING) {
                @SuppressWarnings("unchecked") Field<String> text = (Field<String>) field;
                return DSL.lower(text);
            }
            return field;
        }
    }

    /** A single-valued complex attribute (name, manager) named without a sub-attribute: only {@code pr}. */
    private static final class Complex extends Target {
        final Field<String> text;

        Complex(String name, Field<String> text) {
            super(name);
            this.text = text;
        }

        @Override
        Condition compare(FilterType op, ValueNode value, Translator t) throws BadRequestException {
            throw t.error("'" + name + "' is complex; filter on one of its sub-attributes, e.g. " + name + ".value");
        }

        @Override
        Condition present(Translator t) {
            return text.isNotNull().and(text.notIn("", "[]", "{}"));
        }
    }

    /** A multi-valued complex attribute in the resource JSON (emails, phoneNumbers, …), optionally a sub-attribute. */
    private static final class JsonMulti extends Target {
        final Field<JSONB> array;
        final AttributeDefinition parent;
        final AttributeDefinition sub;
        /** The core {@code emails} of a user, which V53 indexes by trigram. */
        final boolean indexedEmails;

        JsonMulti(String name, Field<JSONB> array, AttributeDefinition parent, AttributeDefinition sub,
                  boolean indexedEmails) {
            super(name);
            this.array = array;
            this.parent = parent;
            this.sub = sub;
            this.indexedEmails = indexedEmails;
        }

        private AttributeDefinition subOrValue(Translator t) throws BadRequestException {
            if (sub != null) {
                return sub;
            }
            AttributeDefinition value = subAttribute(parent, "value");
            if (value == null) {
                throw t.error("'" + name + "' has no value sub-attribute; name one of its sub-attributes");
            }
            return value;
        }

        private Table<?> elements(String alias) {
            return DSL.table("jsonb_array_elements(case when jsonb_typeof({0}) = 'array' then {0} "
                    + "else cast('[]' as jsonb) end) as {1}(v)", array, DSL.name(alias));
        }

        private static Field<JSONB> element(String alias) {
            return DSL.field(DSL.name(alias, "v"), SQLDataType.JSONB);
        }

        @Override
        Condition compare(FilterType op, ValueNode value, Translator t) throws BadRequestException {
            AttributeDefinition s = subOrValue(t);
            String alias = t.alias("e");
            Scalar leaf = new Scalar(name, text(element(alias), s.getName()), s.getType(), s.isCaseExact());
            Condition exact = DSL.exists(DSL.selectOne().from(elements(alias)).where(scalar(leaf, op, value, t)));
            return emailsPrefilter(op, value).map(exact::and).orElse(exact);
        }

        /**
         * For a text comparison on the addresses: the JSON text of {@code emails} contains the value, a condition the
         * trigram index of V53 answers without scanning the workspace (the EXISTS then decides). Values the JSON
         * text would show escaped (quotes, backslashes, control characters) get no pre-filter.
         */
        private Optional<Condition> emailsPrefilter(FilterType op, ValueNode value) {
            boolean text = op == FilterType.EQUAL || op == FilterType.CONTAINS || op == FilterType.STARTS_WITH
                    || op == FilterType.ENDS_WITH;
            if (!indexedEmails || !text || value == null || !value.isTextual()
                    || value.asText().chars().anyMatch(c -> c == '"' || c == '\\' || c < 0x20)) {
                return Optional.empty();
            }
            String fragment = value.asText().toLowerCase(Locale.ROOT)
                    .replace("!", "!!").replace("%", "!%").replace("_", "!_");
            return Optional.of(DSL.condition("lower(cast({0} -> 'emails' as text)) like {1} escape '!'",
                    DSL.field(SCIM_USER.RESOURCE.getQualifiedName(), SQLDataType.JSONB), DSL.val("%" + fragment + "%")));
        }

        @Override
        Condition present(Translator t) {
            if (sub == null) {
                return DSL.condition("jsonb_typeof({0}) = 'array' and jsonb_array_length({0}) > 0", array);
            }
            String alias = t.alias("e");
            Scalar leaf = new Scalar(name, text(element(alias), sub.getName()), sub.getType(), sub.isCaseExact());
            return DSL.exists(DSL.selectOne().from(elements(alias)).where(leaf.present(t)));
        }

        @Override
        Condition valueFilter(Filter inner, Translator t) throws BadRequestException {
            if (sub != null) {
                throw t.error("a value filter applies to '" + parent.getName() + "', not to '" + name + "'");
            }
            String alias = t.alias("e");
            Field<JSONB> element = element(alias);
            Scope scope = new Scope() {
                @Override
                public Target resolve(Path path, Translator tr) throws BadRequestException {
                    AttributeDefinition s = relativeSub(path, parent, tr);
                    return new Scalar(parent.getName() + "." + s.getName(), text(element, s.getName()), s.getType(),
                            s.isCaseExact());
                }

                @Override
                public boolean insideValueFilter() {
                    return true;
                }
            };
            return DSL.exists(DSL.selectOne().from(elements(alias)).where(t.condition(inner, scope)));
        }

        /** The primary value (or the first one when none is primary) of the sub-attribute. */
        @Override
        Field<?> sortField(Translator t) throws BadRequestException {
            AttributeDefinition s = subOrValue(t);
            String alias = t.alias("e");
            Field<String> value = text(element(alias), s.getName());
            Field<String> sorted = s.isCaseExact() || s.getType() != Type.STRING ? value : DSL.lower(value);
            return DSL.field(DSL.select(sorted).from(elements(alias))
                    .orderBy(DSL.field(text(element(alias), "primary").eq("true")).desc().nullsLast())
                    .limit(1));
        }
    }

    /** {@code groups} of a user or {@code members} of a group: EXISTS over scim_group_member. */
    private static final class Membership extends Target {
        final boolean ofUser;
        final AttributeDefinition parent;
        final AttributeDefinition sub;

        Membership(String name, boolean ofUser, AttributeDefinition parent, AttributeDefinition sub) {
            super(name);
            this.ofUser = ofUser;
            this.parent = parent;
            this.sub = sub;
        }

        /** select 1 from scim_group_member m join (the other side) o where m links the outer row and {@code where}. */
        private Condition exists(Translator t, ScopeCondition where) throws BadRequestException {
            ScimGroupMember m = SCIM_GROUP_MEMBER.as(t.alias("m"));
            if (ofUser) {
                ScimGroup g = SCIM_GROUP.as(t.alias("g"));
                Condition condition = where.apply(scope(m.GROUP_ID, g.DISPLAY_NAME));
                return DSL.exists(DSL.selectOne().from(m).join(g).on(g.GROUP_ID.eq(m.GROUP_ID))
                        .where(m.USER_ID.eq(SCIM_USER.USER_ID)).and(m.WORKSPACE_ID.eq(SCIM_USER.WORKSPACE_ID))
                        .and(condition));
            }
            ScimUser u = SCIM_USER.as(t.alias("u"));
            Condition condition = where.apply(scope(m.USER_ID, u.DISPLAY_NAME));
            return DSL.exists(DSL.selectOne().from(m).join(u).on(u.USER_ID.eq(m.USER_ID))
                    .where(m.GROUP_ID.eq(SCIM_GROUP.GROUP_ID)).and(m.WORKSPACE_ID.eq(SCIM_GROUP.WORKSPACE_ID))
                    .and(condition));
        }

        private interface ScopeCondition {
            Condition apply(Scope scope) throws BadRequestException;
        }

        private Scope scope(Field<String> id, Field<String> display) {
            return new Scope() {
                @Override
                public Target resolve(Path path, Translator tr) throws BadRequestException {
                    AttributeDefinition s = relativeSub(path, parent, tr);
                    return member(s, id, display, tr);
                }

                @Override
                public boolean insideValueFilter() {
                    return true;
                }
            };
        }

        private Target member(AttributeDefinition s, Field<String> id, Field<String> display, Translator tr)
                throws BadRequestException {
            String n = parent.getName() + "." + s.getName();
            return switch (s.getName()) {
                case "value" -> new Scalar(n, id, Type.STRING, true);
                case "display" -> new Scalar(n, display, Type.STRING, false);
                default -> throw tr.error("'" + n + "' cannot be filtered on; use " + parent.getName()
                        + ".value or " + parent.getName() + ".display");
            };
        }

        @Override
        Condition compare(FilterType op, ValueNode value, Translator t) throws BadRequestException {
            AttributeDefinition s = sub == null ? subAttribute(parent, "value") : sub;
            return exists(t, scope -> scalar(scopeTarget(scope, s, t), op, value, t));
        }

        private Scalar scopeTarget(Scope scope, AttributeDefinition s, Translator t) throws BadRequestException {
            return (Scalar) scope.resolve(Path.root().attribute(s.getName()), t);
        }

        @Override
        Condition present(Translator t) throws BadRequestException {
            if (sub == null) {
                return exists(t, scope -> DSL.trueCondition());
            }
            return exists(t, scope -> scopeTarget(scope, sub, t).present(t));
        }

        @Override
        Condition valueFilter(Filter inner, Translator t) throws BadRequestException {
            if (sub != null) {
                throw t.error("a value filter applies to '" + parent.getName() + "', not to '" + name + "'");
            }
            return exists(t, scope -> t.condition(inner, scope));
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    private static final class UserScope implements Scope {
        @Override
        public Target resolve(Path path, Translator t) throws BadRequestException {
            List<String> names = names(path, t);
            String urn = path.getSchemaUrn();
            boolean enterprise = false;
            if (urn != null) {
                if (urn.equalsIgnoreCase(ENTERPRISE_USER_SCHEMA)) {
                    enterprise = true;
                } else if (!urn.equalsIgnoreCase(USER_SCHEMA)) {
                    throw unknown(path, t);
                }
            }
            String first = names.get(0);
            String second = names.size() > 1 ? names.get(1) : null;
            if (!enterprise) {
                Target common = common(path, first, second, t, SCIM_USER.USER_ID, SCIM_USER.EXTERNAL_ID,
                        SCIM_USER.CREATED_AT, SCIM_USER.LAST_MODIFIED);
                if (common != null) {
                    return common;
                }
                switch (first.toLowerCase(Locale.ROOT)) {
                    case "username" -> {
                        return single(path, second, t, new Scalar("userName", SCIM_USER.USER_NAME, Type.STRING, false));
                    }
                    case "displayname" -> {
                        return single(path, second, t,
                                new Scalar("displayName", SCIM_USER.DISPLAY_NAME, Type.STRING, false));
                    }
                    case "active" -> {
                        return single(path, second, t, new Scalar("active", SCIM_USER.ACTIVE, Type.BOOLEAN, true));
                    }
                    case "password" -> throw t.error("'password' cannot be filtered on");
                    case "groups" -> {
                        AttributeDefinition groups = attribute(USER_SCHEMA_RESOURCE.getAttributes(), "groups");
                        AttributeDefinition sub = second == null ? null : subOrUnknown(groups, second, path, t);
                        return new Membership(path.toString(), true, groups, sub);
                    }
                    default -> {
                    }
                }
            }
            SchemaResource schema = enterprise ? ENTERPRISE_USER_SCHEMA_RESOURCE : USER_SCHEMA_RESOURCE;
            AttributeDefinition def = attribute(schema.getAttributes(), first);
            if (def == null) {
                throw unknown(path, t);
            }
            List<String> keys = new ArrayList<>();
            if (enterprise) {
                keys.add(ENTERPRISE_USER_SCHEMA);
            }
            keys.add(def.getName());
            Field<JSONB> resource = DSL.field(SCIM_USER.RESOURCE.getQualifiedName(), SQLDataType.JSONB);
            String name = path.toString();
            if (def.isMultiValued()) {
                AttributeDefinition sub = second == null ? null : subOrUnknown(def, second, path, t);
                boolean emails = !enterprise && def.getName().equals("emails")
                        && (sub == null || sub.getName().equals("value"));
                return new JsonMulti(name, node(resource, keys), def, sub, emails);
            }
            if (def.getType() == Type.COMPLEX) {
                if (second == null) {
                    return new Complex(name, text(resource, keys));
                }
                AttributeDefinition sub = subOrUnknown(def, second, path, t);
                keys.add(sub.getName());
                return new Scalar(name, text(resource, keys), sub.getType(), sub.isCaseExact());
            }
            if (second != null) {
                throw unknown(path, t);
            }
            return new Scalar(name, text(resource, keys), def.getType(), def.isCaseExact());
        }
    }

    private static final class GroupScope implements Scope {
        @Override
        public Target resolve(Path path, Translator t) throws BadRequestException {
            List<String> names = names(path, t);
            String urn = path.getSchemaUrn();
            if (urn != null && !urn.equalsIgnoreCase(GROUP_SCHEMA)) {
                throw unknown(path, t);
            }
            String first = names.get(0);
            String second = names.size() > 1 ? names.get(1) : null;
            Target common = common(path, first, second, t, SCIM_GROUP.GROUP_ID, SCIM_GROUP.EXTERNAL_ID,
                    SCIM_GROUP.CREATED_AT, SCIM_GROUP.LAST_MODIFIED);
            if (common != null) {
                return common;
            }
            switch (first.toLowerCase(Locale.ROOT)) {
                case "displayname" -> {
                    return single(path, second, t,
                            new Scalar("displayName", SCIM_GROUP.DISPLAY_NAME, Type.STRING, false));
                }
                case "members" -> {
                    AttributeDefinition members = attribute(GROUP_SCHEMA_RESOURCE.getAttributes(), "members");
                    AttributeDefinition sub = second == null ? null : subOrUnknown(members, second, path, t);
                    return new Membership(path.toString(), false, members, sub);
                }
                default -> throw unknown(path, t);
            }
        }
    }

    /** id, externalId, meta.created, meta.lastModified: columns of either table; null when not one of them. */
    private static Target common(Path path, String first, String second, Translator t, Field<String> id,
                                 Field<String> externalId, Field<OffsetDateTime> created,
                                 Field<OffsetDateTime> lastModified) throws BadRequestException {
        switch (first.toLowerCase(Locale.ROOT)) {
            case "id" -> {
                return single(path, second, t, new Scalar("id", id, Type.STRING, true));
            }
            case "externalid" -> {
                return single(path, second, t, new Scalar("externalId", externalId, Type.STRING,
                        SchemaUtils.EXTERNAL_ID_ATTRIBUTE_DEFINITION.isCaseExact()));
            }
            case "meta" -> {
                if (second == null) {
                    throw t.error("'meta' is complex; filter on meta.created or meta.lastModified");
                }
                return switch (second.toLowerCase(Locale.ROOT)) {
                    case "created" -> new Scalar("meta.created", created, Type.DATETIME, true);
                    case "lastmodified" -> new Scalar("meta.lastModified", lastModified, Type.DATETIME, true);
                    case "resourcetype", "location", "version" ->
                            throw t.error("'meta." + second + "' cannot be filtered or sorted on");
                    default -> throw unknown(path, t);
                };
            }
            default -> {
                return null;
            }
        }
    }

    private static Target single(Path path, String second, Translator t, Target target) throws BadRequestException {
        if (second != null) {
            throw unknown(path, t);
        }
        return target;
    }

    private static List<String> names(Path path, Translator t) throws BadRequestException {
        List<String> names = new ArrayList<>();
        for (Path.Element element : path) {
            if (element.getValueFilter() != null) {
                throw t.error("value paths such as emails[type eq \"work\"].value are not supported here ('"
                        + path + "'); use a value filter such as emails[type eq \"work\" and value eq \"…\"]");
            }
            names.add(element.getAttribute());
        }
        if (names.isEmpty() || names.size() > 2) {
            throw unknown(path, t);
        }
        return names;
    }

    /** A sub-attribute path inside a value filter: {@code type}, or (redundantly) {@code emails.type}. */
    private static AttributeDefinition relativeSub(Path path, AttributeDefinition parent, Translator t)
            throws BadRequestException {
        List<String> names = names(path, t);
        if (path.getSchemaUrn() != null || names.size() == 2 && !names.get(0).equalsIgnoreCase(parent.getName())) {
            throw t.error("unknown attribute '" + path + "' in a value filter on '" + parent.getName() + "'");
        }
        String name = names.get(names.size() - 1);
        AttributeDefinition sub = subAttribute(parent, name);
        if (sub == null) {
            throw t.error("unknown attribute '" + parent.getName() + "." + name + "'");
        }
        return sub;
    }

    private static AttributeDefinition subOrUnknown(AttributeDefinition parent, String name, Path path, Translator t)
            throws BadRequestException {
        AttributeDefinition sub = subAttribute(parent, name);
        if (sub == null) {
            throw unknown(path, t);
        }
        return sub;
    }

    private static BadRequestException unknown(Path path, Translator t) {
        return t.error("unknown attribute '" + path + "'");
    }

    static AttributeDefinition attribute(Collection<AttributeDefinition> attributes, String name) {
        if (attributes == null) {
            return null;
        }
        for (AttributeDefinition a : attributes) {
            if (a.getName().equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }

    static AttributeDefinition subAttribute(AttributeDefinition parent, String name) {
        return attribute(parent.getSubAttributes(), name);
    }

    /** {@code jsonb_extract_path(json, ?, ?, …)} with every key bound. */
    private static Field<JSONB> node(Field<JSONB> json, List<String> keys) {
        List<Field<?>> args = new ArrayList<>();
        args.add(json);
        keys.forEach(k -> args.add(DSL.cast(DSL.val(k), SQLDataType.CLOB)));
        return DSL.function("jsonb_extract_path", SQLDataType.JSONB, args.toArray(Field[]::new));
    }

    /** {@code jsonb_extract_path_text(json, ?, ?, …)}: a JSON string without its quotes, others as JSON text. */
    private static Field<String> text(Field<JSONB> json, List<String> keys) {
        List<Field<?>> args = new ArrayList<>();
        args.add(json);
        keys.forEach(k -> args.add(DSL.cast(DSL.val(k), SQLDataType.CLOB)));
        return DSL.function("jsonb_extract_path_text", SQLDataType.VARCHAR, args.toArray(Field[]::new));
    }

    private static Field<String> text(Field<JSONB> json, String key) {
        return text(json, List.of(key));
    }

    // ----------------------------------------------------------------------------------------------------------

    /** A comparison (eq, co, sw, ew, gt, ge, lt, le) of one value; ne is the negation of eq, done by the caller. */
    @SuppressWarnings("unchecked")
    private static Condition scalar(Scalar target, FilterType op, ValueNode value, Translator t)
            throws BadRequestException {
        String name = target.name;
        Field<?> field = target.field;
        boolean text = field.getType() == String.class;
        switch (target.type) {
            case BOOLEAN -> {
                Boolean b = value.isBoolean() ? Boolean.valueOf(value.booleanValue())
                        : value.isTextual() && (value.textValue().equalsIgnoreCase("true")
                        || value.textValue().equalsIgnoreCase("false"))
                        ? Boolean.valueOf(value.textValue().equalsIgnoreCase("true")) : null;
                if (b == null) {
                    throw t.error("'" + name + "' is a boolean; compare it with true or false");
                }
                if (op != FilterType.EQUAL) {
                    throw t.error("only eq, ne and pr apply to the boolean '" + name + "'");
                }
                return text ? ((Field<String>) field).eq(b.toString()) : ((Field<Boolean>) field).eq(b);
            }
            case DATETIME -> {
                OffsetDateTime when = value.isTextual() ? dateTime(value.textValue()) : null;
                if (when == null) {
                    throw t.error("'" + name + "' is a dateTime; compare it with an ISO 8601 date-time such as "
                            + "2026-01-31T12:00:00Z");
                }
                Field<OffsetDateTime> f = text
                        ? DSL.field("cast({0} as timestamptz)", SQLDataType.TIMESTAMPWITHTIMEZONE, field)
                        : (Field<OffsetDateTime>) field;
                return ordered(f, op, when, name, t);
            }
            case INTEGER, DECIMAL -> {
                if (!value.isNumber()) {
                    throw t.error("'" + name + "' is a number; compare it with a number");
                }
                Field<BigDecimal> f = text ? DSL.field("cast({0} as numeric)", SQLDataType.NUMERIC, field)
                        : field.cast(SQLDataType.NUMERIC);
                return ordered(f, op, value.decimalValue(), name, t);
            }
            case COMPLEX -> throw t.error("'" + name + "' is complex; filter on one of its sub-attributes");
            default -> {
                Field<String> f = (Field<String>) field;
                if (value.isNull()) {
                    if (op == FilterType.EQUAL) {
                        return notTrue(target.present(t));
                    }
                    throw t.error("only eq and ne compare with null ('" + name + "')");
                }
                String s = value.isTextual() ? value.textValue() : value.asText();
                boolean exact = target.caseExact;
                return switch (op) {
                    case EQUAL -> exact ? f.eq(s) : f.equalIgnoreCase(s);
                    case CONTAINS -> exact ? f.contains(s) : f.containsIgnoreCase(s);
                    case STARTS_WITH -> exact ? f.startsWith(s) : f.startsWithIgnoreCase(s);
                    case ENDS_WITH -> exact ? f.endsWith(s) : f.endsWithIgnoreCase(s);
                    default -> exact ? ordered(f, op, s, name, t)
                            : ordered(DSL.lower(f), op, s.toLowerCase(Locale.ROOT), name, t);
                };
            }
        }
    }

    private static <T> Condition ordered(Field<T> f, FilterType op, T value, String name, Translator t)
            throws BadRequestException {
        return switch (op) {
            case EQUAL -> f.eq(value);
            case GREATER_THAN -> f.gt(value);
            case GREATER_OR_EQUAL -> f.ge(value);
            case LESS_THAN -> f.lt(value);
            case LESS_OR_EQUAL -> f.le(value);
            default -> throw t.error("co, sw and ew apply to strings only, not to '" + name + "'");
        };
    }

    /** An ISO 8601 date-time (with offset; without one it is UTC), or a date (midnight UTC); null if neither. */
    static OffsetDateTime dateTime(String value) {
        try {
            TemporalAccessor parsed = DATE_TIME.parseBest(value.trim(), OffsetDateTime::from, LocalDateTime::from);
            return parsed instanceof OffsetDateTime o ? o : ((LocalDateTime) parsed).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value.trim()).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
