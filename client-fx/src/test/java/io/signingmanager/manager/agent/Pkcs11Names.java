package io.signingmanager.manager.agent;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The PKCS#11 v2.40 names the conformance table shows for the numbers the module answers. */
final class Pkcs11Names {
    private Pkcs11Names() {
    }

    /** Return values (CKR_*). */
    enum ReturnValue {
        CKR_OK(0x0), CKR_HOST_MEMORY(0x2), CKR_SLOT_ID_INVALID(0x3), CKR_GENERAL_ERROR(0x5), CKR_FUNCTION_FAILED(0x6),
        CKR_ARGUMENTS_BAD(0x7), CKR_ATTRIBUTE_SENSITIVE(0x11), CKR_ATTRIBUTE_TYPE_INVALID(0x12), CKR_DATA_LEN_RANGE(0x21),
        CKR_DEVICE_ERROR(0x30), CKR_DEVICE_REMOVED(0x32), CKR_FUNCTION_NOT_PARALLEL(0x51), CKR_FUNCTION_NOT_SUPPORTED(0x54),
        CKR_KEY_HANDLE_INVALID(0x60), CKR_KEY_TYPE_INCONSISTENT(0x63), CKR_KEY_FUNCTION_NOT_PERMITTED(0x68),
        CKR_MECHANISM_INVALID(0x70), CKR_MECHANISM_PARAM_INVALID(0x71), CKR_OBJECT_HANDLE_INVALID(0x82),
        CKR_OPERATION_ACTIVE(0x90), CKR_OPERATION_NOT_INITIALIZED(0x91), CKR_PIN_INCORRECT(0xA0), CKR_SESSION_CLOSED(0xB0),
        CKR_SESSION_HANDLE_INVALID(0xB3), CKR_SESSION_READ_ONLY_EXISTS(0xB7), CKR_USER_ALREADY_LOGGED_IN(0x100),
        CKR_USER_NOT_LOGGED_IN(0x101), CKR_USER_TYPE_INVALID(0x103), CKR_USER_ANOTHER_ALREADY_LOGGED_IN(0x104),
        CKR_RANDOM_NO_RNG(0x121), CKR_BUFFER_TOO_SMALL(0x150), CKR_CRYPTOKI_NOT_INITIALIZED(0x190),
        CKR_CRYPTOKI_ALREADY_INITIALIZED(0x191), CKR_FUNCTION_REJECTED(0x200);

        final long code;

        ReturnValue(long code) {
            this.code = code;
        }

        /** Whether a function answering this offers nothing: not supported, no RNG, or the legacy parallel answer (§5.16). */
        boolean notOffered() {
            return this == CKR_FUNCTION_NOT_SUPPORTED || this == CKR_RANDOM_NO_RNG || this == CKR_FUNCTION_NOT_PARALLEL;
        }

        static ReturnValue of(long code) {
            return Arrays.stream(values()).filter(value -> value.code == code).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no CKR_ name for " + hex(code)));
        }
    }

    /** Mechanisms (CKM_*) a signing token may list. */
    enum Mechanism {
        CKM_RSA_PKCS(0x1), CKM_SHA1_RSA_PKCS(0x6), CKM_RSA_PKCS_PSS(0xD), CKM_SHA1_RSA_PKCS_PSS(0xE),
        CKM_SHA256_RSA_PKCS(0x40), CKM_SHA384_RSA_PKCS(0x41), CKM_SHA512_RSA_PKCS(0x42), CKM_SHA256_RSA_PKCS_PSS(0x43),
        CKM_SHA384_RSA_PKCS_PSS(0x44), CKM_SHA512_RSA_PKCS_PSS(0x45), CKM_SHA_1(0x220), CKM_SHA256(0x250),
        CKM_SHA384(0x260), CKM_SHA512(0x270), CKM_ECDSA(0x1041), CKM_ECDSA_SHA1(0x1042), CKM_ECDSA_SHA256(0x1044),
        CKM_ECDSA_SHA384(0x1045), CKM_ECDSA_SHA512(0x1046);

        final long code;

        Mechanism(long code) {
            this.code = code;
        }

        static String nameOf(long code) {
            return Arrays.stream(values()).filter(value -> value.code == code).map(Enum::name).findFirst().orElse(hex(code));
        }
    }

    /** Attributes (CKA_*): the ones the probe asks of each kind of object. */
    enum Attribute {
        CKA_CLASS(0x0), CKA_TOKEN(0x1), CKA_PRIVATE(0x2), CKA_LABEL(0x3), CKA_APPLICATION(0x10), CKA_VALUE(0x11),
        CKA_OBJECT_ID(0x12), CKA_CERTIFICATE_TYPE(0x80), CKA_ISSUER(0x81), CKA_SERIAL_NUMBER(0x82), CKA_TRUSTED(0x86),
        CKA_CERTIFICATE_CATEGORY(0x87), CKA_CHECK_VALUE(0x90), CKA_KEY_TYPE(0x100), CKA_SUBJECT(0x101), CKA_ID(0x102),
        CKA_SENSITIVE(0x103), CKA_ENCRYPT(0x104), CKA_DECRYPT(0x105), CKA_WRAP(0x106), CKA_UNWRAP(0x107), CKA_SIGN(0x108),
        CKA_SIGN_RECOVER(0x109), CKA_VERIFY(0x10A), CKA_VERIFY_RECOVER(0x10B), CKA_DERIVE(0x10C), CKA_START_DATE(0x110),
        CKA_END_DATE(0x111), CKA_MODULUS(0x120), CKA_MODULUS_BITS(0x121), CKA_PUBLIC_EXPONENT(0x122),
        CKA_PRIVATE_EXPONENT(0x123), CKA_PRIME_1(0x124), CKA_PRIME_2(0x125), CKA_EXPONENT_1(0x126), CKA_EXPONENT_2(0x127),
        CKA_COEFFICIENT(0x128), CKA_PUBLIC_KEY_INFO(0x129), CKA_EXTRACTABLE(0x162), CKA_LOCAL(0x163),
        CKA_NEVER_EXTRACTABLE(0x164), CKA_ALWAYS_SENSITIVE(0x165), CKA_KEY_GEN_MECHANISM(0x166), CKA_MODIFIABLE(0x170),
        CKA_COPYABLE(0x171), CKA_DESTROYABLE(0x172), CKA_EC_PARAMS(0x180), CKA_EC_POINT(0x181),
        CKA_ALWAYS_AUTHENTICATE(0x202), CKA_WRAP_WITH_TRUSTED(0x210), CKA_ALLOWED_MECHANISMS(0x40000600L);

        final long code;

        Attribute(long code) {
            this.code = code;
        }

        static Attribute of(long code) {
            return Arrays.stream(values()).filter(value -> value.code == code).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no CKA_ name for " + hex(code)));
        }
    }

    /** The kinds of object the token holds, by class and key (or certificate) type, in the table's order. */
    enum ObjectKind {
        CERTIFICATE("X.509 certificate", 0x1, 0x0), RSA_PRIVATE("RSA private key", 0x3, 0x0), RSA_PUBLIC("RSA public key", 0x2, 0x0),
        EC_PRIVATE("EC private key", 0x3, 0x3), EC_PUBLIC("EC public key", 0x2, 0x3);

        final String title;
        final long objectClass;
        final long type;

        ObjectKind(String title, long objectClass, long type) {
            this.title = title;
            this.objectClass = objectClass;
            this.type = type;
        }

        static ObjectKind of(long objectClass, long type) {
            return Arrays.stream(values()).filter(kind -> kind.objectClass == objectClass && kind.type == type).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no object kind of class " + hex(objectClass) + ", type " + hex(type)));
        }
    }

    /** Flags (CKF_*) of the library info, the slot, the token and mechanisms, each with where it is used. */
    enum Flag {
        CKF_TOKEN_PRESENT(Field.SLOT, 0x1), CKF_REMOVABLE_DEVICE(Field.SLOT, 0x2), CKF_HW_SLOT(Field.SLOT, 0x4),
        CKF_RNG(Field.TOKEN, 0x1), CKF_WRITE_PROTECTED(Field.TOKEN, 0x2), CKF_LOGIN_REQUIRED(Field.TOKEN, 0x4),
        CKF_USER_PIN_INITIALIZED(Field.TOKEN, 0x8), CKF_RESTORE_KEY_NOT_NEEDED(Field.TOKEN, 0x20),
        CKF_CLOCK_ON_TOKEN(Field.TOKEN, 0x40), CKF_PROTECTED_AUTHENTICATION_PATH(Field.TOKEN, 0x100),
        CKF_DUAL_CRYPTO_OPERATIONS(Field.TOKEN, 0x200), CKF_TOKEN_INITIALIZED(Field.TOKEN, 0x400),
        CKF_HW(Field.MECHANISM, 0x1), CKF_ENCRYPT(Field.MECHANISM, 0x100), CKF_DECRYPT(Field.MECHANISM, 0x200),
        CKF_DIGEST(Field.MECHANISM, 0x400), CKF_SIGN(Field.MECHANISM, 0x800), CKF_SIGN_RECOVER(Field.MECHANISM, 0x1000),
        CKF_VERIFY(Field.MECHANISM, 0x2000), CKF_VERIFY_RECOVER(Field.MECHANISM, 0x4000), CKF_GENERATE(Field.MECHANISM, 0x8000),
        CKF_GENERATE_KEY_PAIR(Field.MECHANISM, 0x10000), CKF_WRAP(Field.MECHANISM, 0x20000), CKF_UNWRAP(Field.MECHANISM, 0x40000),
        CKF_DERIVE(Field.MECHANISM, 0x80000);

        /** The structure a flag belongs to. */
        enum Field { SLOT, TOKEN, MECHANISM }

        final Field field;
        final long bit;

        Flag(Field field, long bit) {
            this.field = field;
            this.bit = bit;
        }

        /** The names of the flags set in {@code flags}, any unnamed bits in hex; "none" for none. */
        static String names(Field field, long flags) {
            List<String> names = new ArrayList<>();
            long rest = flags;
            for (Flag flag : values()) {
                if (flag.field == field && (flags & flag.bit) != 0) {
                    names.add(flag.name());
                    rest &= ~flag.bit;
                }
            }
            if (rest != 0) {
                names.add(hex(rest));
            }
            return names.isEmpty() ? "none" : String.join(", ", names);
        }
    }

    static String hex(long code) {
        return "0x" + Long.toHexString(code);
    }
}
