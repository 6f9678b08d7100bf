package io.signingmanager.service.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A {@link TestService} field that {@link ServiceExtension} fills: a static field holds one service
 * for all the class's tests, an instance field a fresh one for each test.
 * <pre>
 * &#64;RunningService
 * private static TestService service;
 * </pre>
 * The service is there before the class's own {@code @BeforeAll} / {@code @BeforeEach} methods run and
 * stops after its {@code @AfterAll} / {@code @AfterEach} methods, so those may set it up and use it.
 */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ServiceExtension.class)
public @interface RunningService {
    /** Whether the service believes licenses signed with {@link TestService#licenseIssuer}, a key made for it. */
    boolean licenseIssuer() default false;

    /** Whether the service talks to an App Store Connect double of its own ({@link TestService#apple}). */
    boolean appStoreConnect() default false;
}
