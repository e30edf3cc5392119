# Top layer of the local stand-in for the official Keycloak image (see build-stand-in-base.sh, which builds it
# with the unpacked distribution as ./keycloak in the context and BASE = Debian minbase + JRE 17). Mirrors the
# official image: /opt/keycloak owned by 1000:0 and group-writable, user 1000 "keycloak", KC_RUN_IN_CONTAINER,
# kc.sh as the entrypoint.
ARG BASE
FROM ${BASE}
ENV LANG=C.UTF-8 KC_RUN_IN_CONTAINER=true
RUN echo "keycloak:x:0:root" >> /etc/group && \
    echo "keycloak:x:1000:0:keycloak user:/opt/keycloak:/sbin/nologin" >> /etc/passwd
COPY --chown=1000:0 keycloak /opt/keycloak
USER 1000
WORKDIR /opt/keycloak
EXPOSE 8080 8443 9000
ENTRYPOINT ["/opt/keycloak/bin/kc.sh"]
