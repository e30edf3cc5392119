import { describe, expect, it } from "vitest";

import { describeSecondFactor } from "../../main/ui/lib/secondFactor";
import { envValue, hclString, shellWord, snippets } from "../../main/ui/lib/snippets";
import { t } from "./support";

describe("the secret dialog's snippets", () => {
  const code = snippets({
    id: "ac_abc",
    secret: "acs_XYZ",
    tokenEndpoint: "http://127.0.0.1:8080/realms/demo/protocol/openid-connect/token",
    serverBaseUrl: "http://127.0.0.1:8080",
    realm: "my realm",
  });

  it("quote only what needs quoting, for the shell, .env files and HCL", () => {
    expect(shellWord("ac_abc")).toBe("ac_abc");
    expect(shellWord("it's")).toBe("'it'\\''s'");
    expect(envValue("a b")).toBe("'a b'");
    expect(envValue("it's $HOME")).toBe('"it\'s \\$HOME"');
    expect(hclString('a"b\\${x}%{y}')).toBe('"a\\"b\\\\$${x}%%{y}"');
    expect(code.kcadm).toContain("--realm 'my realm'");
    expect(code.terraform).toContain('realm         = "my realm"');
  });

  it("hand the ID, the secret and the token endpoint to each tool", () => {
    expect(code.shell).toBe("export APP_CREDENTIAL_ID=ac_abc APP_CREDENTIAL_SECRET=acs_XYZ");
    expect(code.env.split("\n")).toEqual([
      "APP_CREDENTIAL_ID=ac_abc",
      "APP_CREDENTIAL_SECRET=acs_XYZ",
      "APP_CREDENTIAL_TOKEN_ENDPOINT=http://127.0.0.1:8080/realms/demo/protocol/openid-connect/token",
      "",
    ]);
    expect(code.curl).toBe(
      "curl -u ac_abc:acs_XYZ -d grant_type=client_credentials http://127.0.0.1:8080/realms/demo/protocol/openid-connect/token",
    );
  });
});

describe("a credential's second factor", () => {
  it("is named in words when local, and with its provider when upstream", () => {
    expect(describeSecondFactor("otp", t)).toBe("appCredentialsFactorOtp");
    expect(describeSecondFactor("webauthn-passwordless", t)).toBe("appCredentialsFactorPasskey");
    expect(describeSecondFactor("idp:corp:hwk", t)).toBe(
      "appCredentialsSecondFactorAt(factor=hwk,provider=corp)",
    );
    expect(describeSecondFactor("sms", t)).toBe("sms");
  });
});
