<#ftl output_format="plainText">
${msg("appCredentialNoticesIntro")}

<#list notices as n>
<#assign key = "appCredential" + n.action?cap_first + n.byAdmin?then("ByAdmin", "BySelf")>
- ${text.format(key, n.actor, n.credentialName, n.application, n.at, n.ipAddress, n.expiresAt)}
  ${text.format("appCredentialIdLine", n.credentialId)}

</#list>
<#if accountUrl??>
${msg("appCredentialNoticeManage")}
${accountUrl}
<#else>
${msg("appCredentialNoticeManageNoLink", realmName)}
</#if>

${msg(anyByAdmin?then("appCredentialNotExpected", "appCredentialNotYou"))}

${msg("appCredentialNoSecret", realmName)}
