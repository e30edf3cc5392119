<#ftl output_format="plainText">
<#assign key = "appCredential" + action?cap_first + byAdmin?then("ByAdmin", "BySelf")>
${text.format(key, actor, credentialName, application, at, ipAddress, expiresAt)}

${text.format("appCredentialIdLine", credentialId)}

<#if accountUrl??>
${msg("appCredentialNoticeManage")}
${accountUrl}
<#else>
${msg("appCredentialNoticeManageNoLink", realmName)}
</#if>

${msg(byAdmin?then("appCredentialNotExpected", "appCredentialNotYou"))}

${msg("appCredentialNoSecret", realmName)}
