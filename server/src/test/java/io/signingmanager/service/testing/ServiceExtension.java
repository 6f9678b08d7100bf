package io.signingmanager.service.testing;

import java.lang.reflect.Field;
import java.util.function.Predicate;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.ModifierSupport;

/**
 * Starts a {@link TestService} for each {@link RunningService} field: for the class before its
 * {@code @BeforeAll} methods (static fields), for each test before its {@code @BeforeEach} methods
 * (instance fields). The service goes into the context's store, which closes it when the class or the
 * test is done, after the class's own {@code @AfterAll} / {@code @AfterEach} methods.
 */
public final class ServiceExtension implements BeforeAllCallback, BeforeEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ServiceExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        fill(context, context.getRequiredTestClass(), null, ModifierSupport::isStatic);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            fill(context, instance.getClass(), instance, ModifierSupport::isNotStatic);
        }
    }

    private static void fill(ExtensionContext context, Class<?> testClass, Object instance, Predicate<Field> which) {
        for (Field field : AnnotationSupport.findAnnotatedFields(testClass, RunningService.class, which)) {
            if (field.getType() != TestService.class) {
                throw new ExtensionConfigurationException("@RunningService goes on a TestService field, not on "
                        + field.getType().getSimpleName() + " " + field.getName());
            }
            RunningService wanted = field.getAnnotation(RunningService.class);
            if (wanted.licenseIssuer() && wanted.appStoreConnect()) {
                throw new ExtensionConfigurationException("@RunningService: a license issuer or App Store Connect, not both yet");
            }
            TestService service = wanted.licenseIssuer() ? TestService.startLicensed()
                    : wanted.appStoreConnect() ? TestService.startWithAppStoreConnect() : TestService.start();
            // Stored first, so that the service stops even when the field cannot be set.
            context.getStore(NAMESPACE).put(field, service);
            try {
                field.setAccessible(true);
                field.set(instance, service);
            } catch (IllegalAccessException e) {
                throw new ExtensionConfigurationException("@RunningService cannot set " + field, e);
            }
        }
    }
}
