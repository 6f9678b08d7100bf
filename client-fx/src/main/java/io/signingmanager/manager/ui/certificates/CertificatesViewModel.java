package io.signingmanager.manager.ui.certificates;

import io.signingmanager.common.protocol.Identity;
import io.signingmanager.manager.connection.Problem;
import io.signingmanager.common.text.Plural;
import io.signingmanager.manager.ui.Background;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The certificates window's state, without controls: the certificates and the search over them,
 * the selected one, what the status bar says, and the commands Refresh and Copy. Holds no controls,
 * so plain tests drive it.
 */
public final class CertificatesViewModel {
    /** What the window does when a refresh fails: open Preferences, or show the problem the user asked for. */
    public interface Failures {
        void notConfigured();

        void failedWhenAsked(Problem problem);
    }

    private final Background background;
    private final Background.Call<Listing> fetch;
    private final Failures failures;
    private final ObservableList<Identity> identities = FXCollections.observableArrayList();
    private final FilteredList<Identity> shown = new FilteredList<>(identities);
    /** One read-only view, kept: it follows {@link #shown} only while it is referenced. */
    private final ObservableList<Identity> shownView = FXCollections.unmodifiableObservableList(shown);
    private final StringProperty search = new SimpleStringProperty("");
    private final ReadOnlyObjectWrapper<Identity> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper problem = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private String listedPlaceholder = "";
    /** Whether the last refresh listed certificates, so that the note counts them. */
    private boolean connected;
    /** Counts refreshes, so that a slow one finishing late cannot overwrite a newer answer. */
    private long refreshes;

    public CertificatesViewModel(Background background, Background.Call<Listing> fetch, Failures failures) {
        this.background = background;
        this.fetch = fetch;
        this.failures = failures;
        search.addListener((seen, old, now) -> filter());
    }

    /** Asks the service again; {@code asked}: the user chose Refresh, so a failure is also shown, not only said. */
    public void refresh(boolean asked) {
        refresh(fetch, asked);
    }

    /** As {@link #refresh(boolean)}, with a listing that may already be on its way. */
    void refresh(Background.Call<Listing> listing, boolean asked) {
        long refresh = ++refreshes;
        loading.set(true);
        status("Connecting to the Signing Service…", false);
        note.set("");
        placeholder.set("Asking the Signing Service for the certificates…");
        background.run(listing, answer -> {
            if (refresh == refreshes) {
                listed(answer);
            }
        }, failure -> {
            if (refresh == refreshes) {
                failed(failure, asked);
            }
        });
    }

    private void listed(Listing listing) {
        loading.set(false);
        listedPlaceholder = "No certificates are available to this machine.\n"
                + "An admin authorizes its API key for certificates in the Signing Service.";
        show(listing.identities());
        status("Connected to " + listing.service() + " as " + listing.whoAmI().client().name() + " · API key “"
                + listing.whoAmI().apiKey().name() + "”", false);
        connected = true;
        note.set(count());
    }

    /** "2 certificates", or "1 of 2 certificates" while the search leaves some out. */
    private String count() {
        String all = Plural.of(identities.size(), "certificate");
        return shown.size() == identities.size() ? all : shown.size() + " of " + all;
    }

    private void failed(Problem failure, boolean asked) {
        loading.set(false);
        connected = false;
        listedPlaceholder = failure.getMessage() + "\n" + failure.advice();
        show(List.of());
        status(failure.describe(), failure.kind() != Problem.Kind.NOT_CONFIGURED);
        if (failure.kind() == Problem.Kind.NOT_CONFIGURED) {
            failures.notConfigured();
        } else if (asked) {
            failures.failedWhenAsked(failure);
        }
    }

    /** The new list keeps the selected certificate when it is still there, else selects the first. */
    private void show(List<Identity> listed) {
        String selectedSha1 = selected().map(Identity::sha1).orElse(null);
        identities.setAll(listed);
        filter();
        selected.set(shown.stream().filter(identity -> identity.sha1().equals(selectedSha1)).findFirst()
                .orElse(shown.isEmpty() ? null : shown.get(0)));
    }

    private void filter() {
        String wanted = search.get().strip().toLowerCase(Locale.ROOT);
        Identity kept = selected.get();
        shown.setPredicate(wanted.isEmpty() ? null : identity -> identity.commonName().toLowerCase(Locale.ROOT)
                .contains(wanted) || identity.sha1().toLowerCase(Locale.ROOT).contains(wanted));
        placeholder.set(wanted.isEmpty() || identities.isEmpty() ? listedPlaceholder
                : "No certificate's name or SHA-1 contains “" + search.get().strip() + "”.");
        selected.set(kept != null && shown.contains(kept) ? kept : shown.isEmpty() ? null : shown.get(0));
        if (connected) {
            note.set(count());
        }
    }

    /** The window's selection; {@code null} for none. */
    public void select(Identity identity) {
        selected.set(identity);
    }

    /** Puts the action's text for the selected certificate through {@code clipboard}; says so in the status bar. */
    public Optional<String> copy(CopyAction action, Consumer<String> clipboard) {
        return selected().map(identity -> {
            clipboard.accept(action.text(identity));
            note.set(action.copied());
            return action.copied();
        });
    }

    private void status(String text, boolean isProblem) {
        status.set(text);
        problem.set(isProblem);
    }

    /** The certificates the search lets through, in the service's order (by common name). */
    public ObservableList<Identity> shown() {
        return shownView;
    }

    /** Filters by common name or SHA-1, ignoring case. */
    public StringProperty search() {
        return search;
    }

    public Optional<Identity> selected() {
        return Optional.ofNullable(selected.get());
    }

    public ReadOnlyObjectProperty<Identity> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public BooleanBinding nothingSelected() {
        return selected.isNull();
    }

    /** Where the service is and who we are there, or what is wrong and what to do. */
    public ReadOnlyStringProperty status() {
        return status.getReadOnlyProperty();
    }

    /** Whether {@link #status()} tells of a problem. */
    public ReadOnlyBooleanProperty problem() {
        return problem.getReadOnlyProperty();
    }

    /** The count, or what was just copied. */
    public ReadOnlyStringProperty note() {
        return note.getReadOnlyProperty();
    }

    /** What an empty list says. */
    public ReadOnlyStringProperty placeholder() {
        return placeholder.getReadOnlyProperty();
    }

    /** True while a refresh runs. */
    public ReadOnlyBooleanProperty loading() {
        return loading.getReadOnlyProperty();
    }
}
