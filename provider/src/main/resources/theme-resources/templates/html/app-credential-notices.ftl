<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${msg("appCredentialNoticesIntro")}</p>
<ul>
<#list notices as n>
<#assign key = "appCredential" + n.action?cap_first + n.byAdmin?then("ByAdmin", "BySelf")>
<li><p>${text.format(key, n.actor, n.credentialName, n.application, n.at, n.ipAddress, n.expiresAt)}<br>${text.format("appCredentialIdLine", n.credentialId)}</p></li>
</#list>
</ul>
<#if accountUrl??>
<p>${msg("appCredentialNoticeManage")}<br><a href="${accountUrl}">${accountUrl}</a></p>
<#else>
<p>${msg("appCredentialNoticeManageNoLink", realmName)}</p>
</#if>
<p><strong>${msg(anyByAdmin?then("appCredentialNotExpected", "appCredentialNotYou"))}</strong></p>
<p>${msg("appCredentialNoSecret", realmName)}</p>
</@layout.emailLayout>
