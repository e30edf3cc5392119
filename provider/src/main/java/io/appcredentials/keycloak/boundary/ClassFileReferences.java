package io.appcredentials.keycloak.boundary;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * What a compiled class refers to, read from its constant pool: the classes it names and the methods it calls
 * ({@code owner.name}, owners in internal form, {@code org/keycloak/…}). Used at start-up to see whether Keycloak's
 * own code still makes a call the scope boundary relies on, which no reflection can tell.
 */
final class ClassFileReferences {

    private final Set<String> classes;
    private final Set<String> methods;

    private ClassFileReferences(Set<String> classes, Set<String> methods) {
        this.classes = classes;
        this.methods = methods;
    }

    /** Whether the class names {@code className} (binary name, {@code a.b.C$D}). */
    boolean namesClass(String className) {
        return classes.contains(className.replace('.', '/'));
    }

    /** Whether the class calls method {@code name} of {@code ownerClassName} (binary name). */
    boolean callsMethod(String ownerClassName, String name) {
        return methods.contains(ownerClassName.replace('.', '/') + "." + name);
    }

    /** The references of a class as {@code loader} has it, or null when the loader has no such class file. */
    static ClassFileReferences of(ClassLoader loader, String className) throws IOException {
        try (InputStream in = loader.getResourceAsStream(className.replace('.', '/') + ".class")) {
            return in == null ? null : read(in);
        }
    }

    static ClassFileReferences read(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("Not a class file");
        }
        in.readUnsignedShort(); // minor version
        in.readUnsignedShort(); // major version
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        int[][] memberRefs = new int[count][];
        int[] nameAndTypeName = new int[count];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++; // takes two entries
                }
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.readUnsignedShort();
                case 9 -> {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                case 10, 11 -> memberRefs[i] = new int[] {in.readUnsignedShort(), in.readUnsignedShort()};
                case 12 -> {
                    nameAndTypeName[i] = in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                case 17, 18 -> {
                    in.readUnsignedShort();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("Unknown constant pool tag " + tag);
            }
        }
        Set<String> classes = new HashSet<>();
        Set<String> methods = new HashSet<>();
        for (int i = 1; i < count; i++) {
            if (classNameIndex[i] != 0) {
                classes.add(utf8[classNameIndex[i]]);
            }
        }
        for (int i = 1; i < count; i++) {
            if (memberRefs[i] != null) {
                String owner = utf8[classNameIndex[memberRefs[i][0]]];
                String name = utf8[nameAndTypeName[memberRefs[i][1]]];
                methods.add(owner + "." + name);
            }
        }
        return new ClassFileReferences(classes, methods);
    }
}
