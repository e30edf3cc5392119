package io.appcredentials.keycloak.lifecycle;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.infinispan.Cache;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * A background job that runs on one node of the cluster per interval. Every node's timer fires once per interval;
 * the node that runs the job holds a marker in Keycloak's replicated {@code work} cache, naming it and living an
 * interval and a half (at most a minute more than the interval), renewed at each of its runs; the other nodes skip
 * the job while a marker of another node lives. When the running node stops, its marker expires and the next node
 * to fire takes over. (Keycloak's {@code ClusterAwareScheduledTaskRunner}, which this runs inside, only keeps two runs
 * from overlapping: its lock is gone when a run ends, so on its own every node would run the job every interval.
 * That runner names its lock after the task's class: each job is a subclass of its own.)
 */
class OncePerInterval implements ScheduledTask {

    private static final String PREFIX = "app-credentials-ran:";

    /** This node, as its markers name it. */
    private static final String NODE = UUID.randomUUID().toString();

    private final String key;
    private final long markerMillis;
    private final ScheduledTask task;
    private final AtomicLong runs = new AtomicLong();

    OncePerInterval(String key, long intervalMillis, ScheduledTask task) {
        this.key = PREFIX + key;
        this.markerMillis = intervalMillis + Math.min(intervalMillis / 2, 60_000);
        this.task = task;
    }

    @Override
    public void run(KeycloakSession session) {
        InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
        Cache<String, String> work = infinispan == null ? null : infinispan.getCache(InfinispanConnectionProvider.WORK_CACHE_NAME);
        if (work != null) {
            String holder = work.putIfAbsent(key, NODE, markerMillis, TimeUnit.MILLISECONDS);
            if (holder != null && !holder.equals(NODE)) {
                return; // another node runs it
            }
            if (holder != null) {
                work.put(key, NODE, markerMillis, TimeUnit.MILLISECONDS);
            }
        }
        task.run(session);
        runs.incrementAndGet();
    }

    /** How often the job ran on this node. */
    long runs() {
        return runs.get();
    }

    @Override
    public String getTaskName() {
        return key;
    }
}
