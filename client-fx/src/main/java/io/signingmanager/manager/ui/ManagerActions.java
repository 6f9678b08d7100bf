package io.signingmanager.manager.ui;

import java.util.List;

/** Every action of the Signing Manager's windows, built once by the main window. */
public record ManagerActions(ManagerAction preferences, ManagerAction quit, ManagerAction refresh,
                             List<ManagerAction> copies, ManagerAction showCertificate, ManagerAction signFiles,
                             ManagerAction certificatesWindow, ManagerAction workflowsWindow, ManagerAction showLog) {
}
