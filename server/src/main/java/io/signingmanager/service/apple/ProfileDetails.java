package io.signingmanager.service.apple;

import java.util.List;
import java.util.Map;

/** What the profile's file holds beyond its stored fields: devices, entitlements, developer certificates. */
public record ProfileDetails(int deviceCount, Map<String, Object> entitlements, List<IncludedCertificate> certificates) {
}
