package io.signingmanager.manager.ui;

import javafx.scene.layout.Region;

/**
 * The small vector icons of the toolbar and the menus, drawn in the text's colour so they follow the
 * theme and dim with a disabled item. Shapes from Google's Material Design icons (Apache License 2.0),
 * on a 24-unit grid.
 */
public enum Icon {
    REFRESH("M17.65 6.35C16.2 4.9 14.21 4 12 4c-4.42 0-7.99 3.58-7.99 8s3.57 8 7.99 8c3.73 0 6.84-2.55 7.73-6h-2.08"
            + "c-.82 2.33-3.04 4-5.65 4-3.31 0-6-2.69-6-6s2.69-6 6-6c1.66 0 3.14.69 4.22 1.78L13 11h7V4l-2.35 2.35z"),
    SIGN("M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 7.04c.39-.39.39-1.02 0-1.41l-2.34-2.34"
            + "c-.39-.39-1.02-.39-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z"),
    CERTIFICATE("M20 2H4c-1.11 0-2 .89-2 2v11c0 1.11.89 2 2 2h4v5l4-2 4 2v-5h4c1.11 0 2-.89 2-2V4"
            + "c0-1.11-.89-2-2-2zm0 13H4v-2h16v2zm0-5H4V4h16v6z"),
    COPY("M16 1H4c-1.1 0-2 .9-2 2v14h2V3h12V1zm3 4H8c-1.1 0-2 .9-2 2v14c0 1.1.9 2 2 2h11c1.1 0 2-.9 2-2V7"
            + "c0-1.1-.9-2-2-2zm0 16H8V7h11v14z"),
    LOG("M14 2H6c-1.1 0-1.99.9-1.99 2L4 20c0 1.1.89 2 1.99 2H18c1.1 0 2-.9 2-2V8l-6-6zm2 16H8v-2h8v2zm0-4H8v-2h8v2z"
            + "m-3-5V3.5L18.5 9H13z"),
    PREFERENCES("M3 17v2h6v-2H3zM3 5v2h10V5H3zm10 16v-2h8v-2h-8v-2h-2v6h2zM7 9v2H3v2h4v2h2V9H7zm14 4v-2H11v2h10z"
            + "m-6-4h2V7h4V5h-4V3h-2v6z"),
    WINDOW("M3 14h4v-4H3v4zm0 5h4v-4H3v4zM3 9h4V5H3v4zm5 5h13v-4H8v4zm0 5h13v-4H8v4zM8 5v4h13V5H8z"),
    QUIT("M10.09 15.59L11.5 17l5-5-5-5-1.41 1.41L12.67 11H3v2h9.67l-2.58 2.59zM19 3H5c-1.11 0-2 .9-2 2v4h2V5h14v14H5"
            + "v-4H3v4c0 1.1.89 2 2 2h14c1.1 0 2-.9 2-2V5c0-1.1-.9-2-2-2z"),
    /** Material's "apps": the Apple signing workflows. */
    WORKFLOWS("M4 8h4V4H4v4zm6 12h4v-4h-4v4zm-6 0h4v-4H4v4zm0-6h4v-4H4v4zm6 0h4v-4h-4v4zm6-10v4h4V4h-4zm-6 4h4V4h-4v4z"
            + "m6 6h4v-4h-4v4zm0 6h4v-4h-4v4z"),
    /** Material's "file_download": fetching a workflow's signing files. */
    FETCH("M19 9h-4V3H9v6H5l7 7 7-7zM5 18v2h14v-2H5z"),
    SEARCH("M15.5 14h-.79l-.28-.27C15.41 12.59 16 11.11 16 9.5 16 5.91 13.09 3 9.5 3S3 5.91 3 9.5 5.91 16 9.5 16"
            + "c1.61 0 3.09-.59 4.23-1.57l.27.28v.79l5 4.99L20.49 19l-4.99-5zm-6 0C7.01 14 5 11.99 5 9.5S7.01 5 9.5 5"
            + " 14 7.01 14 9.5 11.99 14 9.5 14z");

    private static final double SIZE = 16;
    private final String path;

    Icon(String path) {
        this.path = path;
    }

    /** A new node of the icon, 16 by 16 (a node has one parent, so each place gets its own). */
    public Region node() {
        Region icon = new Region();
        icon.setStyle("-fx-shape: \"" + path + "\";");
        icon.getStyleClass().add("icon");
        icon.setMinSize(SIZE, SIZE);
        icon.setPrefSize(SIZE, SIZE);
        icon.setMaxSize(SIZE, SIZE);
        return icon;
    }
}
