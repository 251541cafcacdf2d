package org.newsdex.node;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * An OpenSearch node whose plugins come from the classpath (Netty4 HTTP/transport and the
 * common analysis module), like OpenSearch's own MockNode test helper. Settings are read from
 * system properties starting with "newsdex.os." (e.g. -Dnewsdex.os.http.port=9200); the
 * process runs until it gets SIGTERM, when the node closes cleanly.
 */
public final class NewsdexNode extends Node {

    static final List<Class<? extends Plugin>> PLUGINS =
        List.of(Netty4Plugin.class, CommonAnalysisPlugin.class);

    NewsdexNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
        super(environment, plugins, true);
    }

    public static void main(String[] args) throws Exception {
        Settings.Builder builder = Settings.builder();
        System.getProperties().stringPropertyNames().stream()
            .filter(k -> k.startsWith("newsdex.os."))
            .forEach(k -> builder.put(k.substring("newsdex.os.".length()), System.getProperty(k)));
        Settings settings = builder.build();
        Path config = Paths.get(settings.get("path.home")).resolve("config");
        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), config, () -> settings.get("node.name", "newsdex"));
        NewsdexNode node = new NewsdexNode(env, PLUGINS);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                e.printStackTrace();
            } finally {
                closed.countDown();
            }
        }));
        node.start();
        System.out.println("newsdex-node: started " + settings.get("node.name"));
        closed.await();
    }
}
