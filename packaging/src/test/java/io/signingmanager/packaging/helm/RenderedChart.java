package io.signingmanager.packaging.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The chart rendered by Helm's own code (helm-java runs Helm's Go library in-process: the same
 * template engine, schema validation and {@code fail} as {@code helm template}), parsed into
 * fabric8's Kubernetes model so the checks read objects as the API server would, not text.
 */
record RenderedChart(List<HasMetadata> objects) {
    static final String RELEASE = "signing";
    static final String NAMESPACE = "signing-ns";
    /** Surefire runs in the module's folder; the pom names the chart too. */
    static final Path CHART = Path.of(System.getProperty("helm.chart", "helm/signing-service"));
    static final Path POSTGRESQL_VALUES = CHART.resolveSibling("values-postgresql.yaml");

    /** {@code helm template signing CHART --namespace signing-ns [-f FILE] [--set K=V ...]}. */
    static RenderedChart render(Path chart, Path valuesFile, Map<String, ?> values) {
        TemplateCommand template = new Helm(chart).template().withName(RELEASE).withNamespace(NAMESPACE);
        if (valuesFile != null) {
            template = template.withValuesFile(valuesFile);
        }
        for (Map.Entry<String, ?> value : values.entrySet()) {
            template = template.set(value.getKey(), value.getValue());
        }
        return parse(template.call());
    }

    static RenderedChart render(Map<String, ?> values) {
        return render(CHART, null, values);
    }

    static RenderedChart parse(String manifests) {
        List<HasMetadata> objects = Arrays.stream(manifests.split("(?m)^---\\s*$"))
                .filter(document -> document.lines().anyMatch(line -> line.startsWith("kind:")))
                .map(document -> (HasMetadata) Serialization.unmarshal(document))
                .toList();
        objects.forEach(object -> assertKnownFieldsOnly(object, object.getKind()));
        return new RenderedChart(objects);
    }

    /**
     * fabric8 keeps a field its model does not know in "additional properties" instead of refusing it,
     * where the API server would refuse it or drop it: a misspelt {@code readOnlyRootFileSystem} would
     * otherwise pass every check on the real field's default. So every model object must have none.
     */
    private static void assertKnownFieldsOnly(Object node, String where) {
        if (node instanceof Collection<?> items) {
            items.forEach(item -> assertKnownFieldsOnly(item, where + "[]"));
            return;
        }
        if (node == null || !node.getClass().getPackageName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get")
                    || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(where + "." + getter.getName(), e);
            }
            if (getter.getName().equals("getAdditionalProperties")) {
                assertThat((Map<?, ?>) value).as("fields Kubernetes does not know at %s", where).isNullOrEmpty();
            } else {
                assertKnownFieldsOnly(value, where + "." + getter.getName().substring(3));
            }
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> kind) {
        List<T> found = all(kind);
        assertThat(found).as("the %s objects", kind.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    Secret secret(String name) {
        return all(Secret.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Secret " + name + " in " + kinds()));
    }

    /** A Secret's value as the container's environment receives it. */
    static String value(Secret secret, String key) {
        assertThat(secret.getData()).containsKey(key);
        return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
    }

    List<String> kinds() {
        return objects.stream().map(HasMetadata::getKind).sorted().toList();
    }
}
