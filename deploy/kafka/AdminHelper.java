// A tiny Kafka admin client for deploy/kafka.sh.
//
// Kafka's own CLI tools start one JVM per call (about two seconds each on a small
// machine); creating fourteen topics that way is slow. This helper does the readiness
// check and all topic work in one JVM, using only kafka-clients from the broker's jars.
// kafka.sh compiles it once into the cache (or runs it through the JDK's source launcher).
//
// Usage: AdminHelper wait <bootstrap> <timeout-seconds>
//        AdminHelper ensure-topics <bootstrap> <partitions> <topic>...
//        AdminHelper list <bootstrap>

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TopicExistsException;

public final class AdminHelper {
    private AdminHelper() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            usage();
        }
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[1]);
        // Short timeouts: a broker that is still booting should make us retry, not hang.
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        Admin admin = Admin.create(props);
        int status;
        try {
            switch (args[0]) {
                case "wait" -> status = waitReady(admin, seconds(args, 2));
                case "ensure-topics" -> status = ensureTopics(admin, args);
                case "list" -> {
                    new TreeSet<>(admin.listTopics().names().get(10, TimeUnit.SECONDS))
                            .forEach(System.out::println);
                    status = 0;
                }
                default -> status = usage();
            }
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
        System.exit(status);
    }

    /** Ready = the broker answers a metadata request and lists itself as a live node. */
    private static int waitReady(Admin admin, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                Collection<Node> nodes = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                admin.listTopics().names().get(5, TimeUnit.SECONDS);
                if (!nodes.isEmpty()) {
                    return 0;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        System.err.println("kafka not ready after " + timeoutSeconds + "s: " + last);
        return 1;
    }

    /** Create the topics that are missing; grow any that have fewer partitions. */
    private static int ensureTopics(Admin admin, String[] args) throws Exception {
        if (args.length < 4) {
            return usage();
        }
        int partitions = Integer.parseInt(args[2]);
        List<String> wanted = List.of(args).subList(3, args.length);
        Set<String> existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);

        List<NewTopic> toCreate = new ArrayList<>();
        for (String topic : wanted) {
            if (!existing.contains(topic)) {
                toCreate.add(new NewTopic(topic, partitions, (short) 1));
            }
        }
        for (Map.Entry<String, ? extends java.util.concurrent.Future<Void>> e :
                admin.createTopics(toCreate).values().entrySet()) {
            try {
                e.getValue().get(30, TimeUnit.SECONDS);
                System.out.println("created " + e.getKey());
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw ex; // created concurrently by someone else is fine; anything else is not
                }
            }
        }

        Map<String, TopicDescription> described =
                admin.describeTopics(wanted).allTopicNames().get(30, TimeUnit.SECONDS);
        for (String topic : wanted) {
            int have = described.get(topic).partitions().size();
            if (have < partitions) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(partitions)))
                        .all().get(30, TimeUnit.SECONDS);
                System.out.println("grew " + topic + " from " + have + " to " + partitions + " partitions");
            }
        }
        System.out.println(wanted.size() + " topics present (" + partitions + " partitions each)");
        return 0;
    }

    private static int seconds(String[] args, int index) {
        return args.length > index ? Integer.parseInt(args[index]) : 90;
    }

    private static int usage() {
        System.err.println("usage: AdminHelper wait <bootstrap> [timeout-seconds]\n"
                + "       AdminHelper ensure-topics <bootstrap> <partitions> <topic>...\n"
                + "       AdminHelper list <bootstrap>");
        System.exit(2);
        return 2;
    }
}
