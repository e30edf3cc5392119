# Keycloak with the application-credentials extension, built the way Keycloak documents it
# (https://www.keycloak.org/server/containers): the jars in providers/, `kc.sh build` in a builder stage,
# and an optimized image that starts with `start --optimized`.
#
#   mvn -DskipTests package
#   docker build --build-arg KC_DB=postgres -t my-keycloak .
#
# KEYCLOAK_IMAGE is the official image by default; a machine without a registry passes a local stand-in
# (containers/build-stand-in-base.sh). KC_DB is the database vendor the image is built for (postgres, mariadb,
# mysql, mssql, or dev-file for H2 in tests).
ARG KEYCLOAK_IMAGE=quay.io/keycloak/keycloak:26.7.3

FROM ${KEYCLOAK_IMAGE} AS builder
ARG KC_DB=postgres
# optional Keycloak features to build in, e.g. identity-brokering-api:v2. kc.sh reads KC_FEATURES from the
# environment itself (as it does KC_DB), so an empty value is unset rather than passed on as an empty list.
ARG KC_FEATURES=
ENV KC_DB=${KC_DB} \
    KC_HEALTH_ENABLED=true \
    KC_METRICS_ENABLED=true
WORKDIR /opt/keycloak
COPY --chown=1000:0 provider/target/app-credentials-provider.jar themes/target/app-credentials-theme.jar /opt/keycloak/providers/
RUN if [ -z "$KC_FEATURES" ]; then unset KC_FEATURES; fi; /opt/keycloak/bin/kc.sh build

FROM ${KEYCLOAK_IMAGE}
COPY --from=builder /opt/keycloak/ /opt/keycloak/
WORKDIR /opt/keycloak
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
CMD ["start", "--optimized"]
