package io.appcredentials.keycloak.lifecycle;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.infinispan.Cache;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.timer.ScheduledTask;

/**
 * A background job that runs on one node of the cluster per interval. Every node's timer fires once per interval;
 * the first node to fire puts a marker into Keycloak's replicated {@code work} cache, living most of an interval
 * (nine tenths, at most a minute less), and runs the job; the nodes that fire while the marker lives skip it.
 * (Keycloak's {@code ClusterAwareScheduledTaskRunner}, which this runs inside, only keeps two runs from overlapping:
 * its lock is gone when a run ends, so on its own every node would run the job every interval. That runner names
 * its lock after the task's class: each job is a subclass of its own.)
 */
class OncePerInterval implements ScheduledTask {

    private static final String PREFIX = "app-credentials-ran:";

    private final String key;
    private final long markerMillis;
    private final ScheduledTask task;
    private final AtomicLong runs = new AtomicLong();

    OncePerInterval(String key, long intervalMillis, ScheduledTask task) {
        this.key = PREFIX + key;
        this.markerMillis = Math.max(1, intervalMillis - Math.min(intervalMillis / 10, 60_000));
        this.task = task;
    }

    @Override
    public void run(KeycloakSession session) {
        InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
        if (infinispan != null) {
            Cache<String, String> work = infinispan.getCache(InfinispanConnectionProvider.WORK_CACHE_NAME);
            if (work != null && work.putIfAbsent(key, "ran", markerMillis, TimeUnit.MILLISECONDS) != null) {
                return; // another node (or this one) ran it in this interval
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
