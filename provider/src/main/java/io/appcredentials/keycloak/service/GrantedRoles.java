package io.appcredentials.keycloak.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RoleModel;

/** Roles by name, split into realm roles and roles per client id, each sorted and without repeats. */
public record GrantedRoles(List<String> realmRoles, Map<String, List<String>> clientRoles) {

    public static GrantedRoles of(Stream<RoleModel> roles) {
        List<String> realm = new ArrayList<>();
        Map<String, List<String>> clients = new TreeMap<>();
        roles.forEach(role -> {
            if (role.isClientRole()) {
                clients.computeIfAbsent(((ClientModel) role.getContainer()).getClientId(), k -> new ArrayList<>()).add(role.getName());
            } else {
                realm.add(role.getName());
            }
        });
        clients.replaceAll((k, v) -> v.stream().distinct().sorted().toList());
        return new GrantedRoles(realm.stream().distinct().sorted().toList(), clients);
    }
}
