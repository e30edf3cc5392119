<#import "template.ftl" as layout>
<#assign key = "appCredential" + action?cap_first + byAdmin?then("ByAdmin", "BySelf")>
<@layout.emailLayout>
<p>${text.format(key, actor, credentialName, application, at, ipAddress, expiresAt)}</p>
<p>${text.format("appCredentialIdLine", credentialId)}</p>
<#if accountUrl??>
<p>${msg("appCredentialNoticeManage")}<br><a href="${accountUrl}">${accountUrl}</a></p>
<#else>
<p>${msg("appCredentialNoticeManageNoLink", realmName)}</p>
</#if>
<p><strong>${msg(byAdmin?then("appCredentialNotExpected", "appCredentialNotYou"))}</strong></p>
<p>${msg("appCredentialNoSecret", realmName)}</p>
</@layout.emailLayout>
