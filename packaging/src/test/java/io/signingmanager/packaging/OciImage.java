package io.signingmanager.packaging;

import static io.signingmanager.packaging.UnpackedPackage.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.security.auth.module.UnixSystem;
import io.signingmanager.service.testing.ExternalTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/**
 * The OCI image layout this module builds (target/image), read as a registry or runtime reads it
 * (index.json, then the tagged manifest, then its config blob), and unpacked with {@code umoci unpack}
 * into a root filesystem whose entrypoint the tests run under {@code chroot}: {@code podman run} fails on
 * these machines (cgroups in hybrid mode), so the unpacked root filesystem stands in for a container.
 */
final class OciImage {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * A container's mounts in a mount namespace of its own: the root filesystem read-only (checked), the
     * data folder over the volume, /dev, /proc and a /tmp tmpfs as a runtime gives them; then the command.
     */
    private static final String CONTAINER = """
            set -e
            root=$1 data=$2 volume=$3
            shift 3
            mount --bind "$root" "$root"
            mount --bind "$data" "$root$volume"
            mount --rbind /dev "$root/dev"
            mount -t proc proc "$root/proc"
            mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
            mount -o remount,bind,ro "$root"
            if touch "$root/.write-probe" 2>/dev/null; then echo "the root filesystem is writable" >&2; exit 3; fi
            exec "$@"
            """;

    final Path layout;
    final String tag;
    final JsonNode manifest;
    final JsonNode config;

    private OciImage(Path layout, String tag, JsonNode manifest, JsonNode config) {
        this.layout = layout;
        this.tag = tag;
        this.manifest = manifest;
        this.config = config;
    }

    /** The layout in target/image and its one tagged manifest. */
    static OciImage read() throws IOException {
        Path layout = Path.of(System.getProperty("packaging.folder"), "image");
        JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
        assertThat(index.get("manifests")).as("index.json").hasSize(1);
        JsonNode entry = index.get("manifests").get(0);
        JsonNode manifest = JSON.readTree(blob(layout, entry.get("digest").asText()).toFile());
        JsonNode config = JSON.readTree(blob(layout, manifest.get("config").get("digest").asText()).toFile());
        return new OciImage(layout, entry.get("annotations").get("org.opencontainers.image.ref.name").asText(),
                manifest, config);
    }

    /** The container settings: User, Entrypoint, Env, ExposedPorts, Volumes, Labels... */
    JsonNode settings() {
        return config.get("config");
    }

    List<String> entrypoint() {
        return texts(settings().get("Entrypoint"));
    }

    List<String> env() {
        return texts(settings().get("Env"));
    }

    /** The one volume, where the service keeps its data. */
    String volume() {
        return settings().get("Volumes").fieldNames().next();
    }

    /** What a registry stores and sends: the manifest's config and layers, compressed. */
    long compressedSize() {
        long layers = StreamSupport.stream(manifest.get("layers").spliterator(), false)
                .mapToLong(layer -> layer.get("size").asLong()).sum();
        return layers + manifest.get("config").get("size").asLong();
    }

    /** {@code umoci unpack} into {@code bundle}: bundle/rootfs is the root filesystem, owners as in the image when root. */
    Path unpack(Path bundle) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("umoci", "unpack", "--image", layout + ":" + tag));
        if (!isRoot()) {
            command.add("--rootless");
        }
        command.add(bundle.toString());
        ExternalTool.Run unpack = run(Map.of(), command.toArray(String[]::new));
        assertThat(unpack.exit()).as(unpack.toString()).isZero();
        return bundle.resolve("rootfs");
    }

    /**
     * Runs {@code command} in {@code rootfs} as the image's user, with only the image's environment and
     * {@code environment}, the root read-only and {@code data} at the volume: as {@code docker run} would.
     */
    ProcessBuilder container(Path rootfs, Path data, Map<String, String> environment, List<String> command) {
        List<String> line = new ArrayList<>(List.of("unshare", "--mount", "sh", "-c", CONTAINER, "sh",
                rootfs.toString(), data.toString(), volume(), "env", "-i"));
        line.addAll(env());
        environment.forEach((name, value) -> line.add(name + "=" + value));
        line.addAll(List.of("/usr/sbin/chroot", "--userspec=" + settings().get("User").asText(), rootfs.toString()));
        line.addAll(command);
        return ExternalTool.builder(line, Map.of());
    }

    /** Unpacking with the image's owners, mounting and chroot need root; CI runs as root. */
    static boolean isRoot() {
        return new UnixSystem().getUid() == 0;
    }

    private static Path blob(Path layout, String digest) {
        String[] algorithmAndHex = digest.split(":", 2);
        return layout.resolve("blobs").resolve(algorithmAndHex[0]).resolve(algorithmAndHex[1]);
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
