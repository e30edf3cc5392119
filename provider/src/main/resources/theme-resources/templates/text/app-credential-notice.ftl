<#ftl output_format="plainText">
<#assign key = "appCredential" + action?cap_first + byAdmin?then("ByAdmin", "BySelf")>
${msg(key, actor, credentialName, application, at, ipAddress, expiresAt)}

${msg("appCredentialIdLine", credentialId)}

<#if accountUrl??>
${msg("appCredentialNoticeManage")}
${accountUrl}
<#else>
${msg("appCredentialNoticeManageNoLink", realmName)}
</#if>

${msg(byAdmin?then("appCredentialNotExpected", "appCredentialNotYou"))}

${msg("appCredentialNoSecret", realmName)}
