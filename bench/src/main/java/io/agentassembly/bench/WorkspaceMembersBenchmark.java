package io.agentassembly.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.grpc.ManagedChannel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Command latency on a workspace with many members: a role change (PUT /users/{id}/role, which loads the Workspace
 * aggregate) in a small workspace and in one with {@code --members} more users, one caller after the other.
 * The extra users are written straight into the event store as UserJoinedWorkspace events copied from the
 * owner's (inviting 10,000 users through the API would hash 10,000 passwords); the measured commands go through
 * the public API. Run once as is (snapshots every 250 events) and once with the app started with
 * {@code --aasm.workspace.snapshot-after-events=1000000000} to see what the snapshot saves.
 * <pre>
 * run --api http://127.0.0.1:8080 --app-log app.log --gateway 127.0.0.1:50051 --db-url jdbc:postgresql://…
 *     --app-pid N --members 10000 --warmup 3 --seconds 15
 * </pre>
 */
public final class WorkspaceMembersBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ROLES = {"VIEWER", "DEVELOPER"};

    private WorkspaceMembersBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = GatewayBenchmark.options(args);
        int extraMembers = Integer.parseInt(options.getOrDefault("members", "10000"));
        Duration warmup = Duration.ofSeconds(Long.parseLong(options.getOrDefault("warmup", "3")));
        Duration measure = Duration.ofSeconds(Long.parseLong(options.getOrDefault("seconds", "15")));
        String api = options.getOrDefault("api", "http://127.0.0.1:8080");
        Path appLog = Path.of(options.getOrDefault("app-log", "app.log"));
        String dbUrl = options.get("db-url");
        CpuMeter cpu = new CpuMeter(Long.parseLong(options.getOrDefault("app-pid", "0")), 0);
        ManagedChannel channel = GatewayBenchmark.channel(options.getOrDefault("gateway", "127.0.0.1:50051"));

        TenantSetup.Tenant small = TenantSetup.provision(api, appLog, channel);
        TenantSetup.Tenant large = TenantSetup.provision(api, appLog, channel);
        List<String> smallUsers = invite(small, appLog);
        List<String> largeUsers = invite(large, appLog);
        long seeded = seedMembers(dbUrl, large.me(), extraMembers);

        long firstStart = System.nanoTime();
        large.changeRole(largeUsers.get(0), "ADMIN");
        double firstMillis = (System.nanoTime() - firstStart) / 1e6;

        List<ClosedLoop.Result> results = List.of(
                ClosedLoop.run("role change, 5 members", 1, warmup, measure, cpu, roleChanges(small, smallUsers)),
                ClosedLoop.run(String.format("role change, %,d members", seeded + 5), 1, warmup, measure, cpu,
                        roleChanges(large, largeUsers)));
        System.out.println();
        System.out.println(ClosedLoop.Result.HEADER);
        results.forEach(r -> System.out.println(r.row()));
        System.out.println();
        System.out.printf("first command after seeding %,d members: %.0f ms (loads the whole history%s)%n", seeded,
                firstMillis, ", and takes the first snapshot unless snapshots are off");
        double ratio = results.get(1).latency().getValueAtPercentile(50)
                / (double) results.get(0).latency().getValueAtPercentile(50);
        System.out.printf("p50 ratio, large / small workspace: %.2f×%n", ratio);
        channel.shutdownNow();
    }

    private static List<String> invite(TenantSetup.Tenant tenant, Path appLog) throws Exception {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            users.add(tenant.invite("DEVELOPER", appLog));
        }
        return users;
    }

    /** Each call moves the next user to the other of two roles: every call is a real change, never a no-op. */
    private static ClosedLoop.Call roleChanges(TenantSetup.Tenant tenant, List<String> users) {
        AtomicLong sequence = new AtomicLong();
        return () -> {
            long n = sequence.getAndIncrement();
            int user = (int) (n % users.size());
            tenant.changeRole(users.get(user), ROLES[(int) ((n / users.size()) % 2)]);
        };
    }

    /** Appends {@code count} UserJoinedWorkspace events to the workspace's stream, copies of the owner's. */
    private static long seedMembers(String dbUrl, JsonNode me, int count) throws Exception {
        String workspaceId = me.path("workspace_id").asText();
        String ownerId = me.path("user_id").asText();
        try (Connection connection = DriverManager.getConnection(dbUrl, "postgres", "")) {
            connection.setAutoCommit(false);
            String type;
            byte[] metadata;
            String template;
            String payloadType;
            String revision;
            String timestamp;
            long sequence;
            try (PreparedStatement query = connection.prepareStatement("""
                    select e.type, e.metadata, e.payload, e.payloadtype, e.payloadrevision, e."timestamp",
                           (select max(sequencenumber) from domainevententry where aggregateidentifier = ?)
                    from domainevententry e
                    where e.aggregateidentifier = ? and e.payloadtype like '%UserJoinedWorkspaceEvent'
                    order by e.sequencenumber limit 1""")) {
                query.setString(1, workspaceId);
                query.setString(2, workspaceId);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("no UserJoinedWorkspace event for " + workspaceId);
                    }
                    type = row.getString(1);
                    metadata = row.getBytes(2);
                    template = new String(row.getBytes(3), StandardCharsets.UTF_8);
                    payloadType = row.getString(4);
                    revision = row.getString(5);
                    timestamp = row.getString(6);
                    sequence = row.getLong(7);
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier,
                        metadata, payload, payloadrevision, payloadtype, "timestamp")
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                for (int i = 0; i < count; i++) {
                    ObjectNode member = (ObjectNode) JSON.readTree(template.replace(ownerId, "usr-seeded-" + i));
                    member.put("email", "seeded-" + i + "@example.com").put("role", "DEVELOPER");
                    String payload = JSON.writeValueAsString(member);
                    insert.setString(1, workspaceId);
                    insert.setLong(2, sequence + 1 + i);
                    insert.setString(3, type);
                    insert.setString(4, UUID.randomUUID().toString());
                    insert.setBytes(5, metadata);
                    insert.setBytes(6, payload.getBytes(StandardCharsets.UTF_8));
                    insert.setString(7, revision);
                    insert.setString(8, payloadType);
                    insert.setString(9, timestamp);
                    insert.addBatch();
                    if (i % 1000 == 999) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            connection.commit();
        }
        return count;
    }
}
