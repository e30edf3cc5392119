import { describe, expect, it, vi } from "vitest";

import type { AppCredential } from "../../main/ui/lib/api";
import type { StepUpChallenge } from "../../main/ui/lib/challenge";
import {
  AppCredentialsError,
  isStepUpFailed,
  STEP_UP_FAILED,
} from "../../main/ui/lib/errors";
import type { CreateFormValues } from "../../main/ui/lib/forms";
import {
  clearPendingAction,
  loginFlag,
  PENDING_ACTION_KEY,
  type PendingAction,
  readPendingAction,
  resumeStep,
  runWithStepUp,
  savePendingAction,
} from "../../main/ui/lib/stepUp";
import { t } from "./support";

/** sessionStorage as the round trip uses it. */
function memoryStore() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

const challenge = (stepUp: StepUpChallenge = { maxAge: 300 }) =>
  new AppCredentialsError("A fresh second factor is required", 401, undefined, undefined, stepUp);

const created = { name: "terraform-ci" } as CreateFormValues;
const createAction: PendingAction = { action: "create", values: created };

describe("the action kept across a step-up login", () => {
  it("is read back when the page comes back with that action's marker only", () => {
    const store = memoryStore();
    savePendingAction(store, createAction);
    expect(readPendingAction(store, "create")).toEqual(createAction);
    expect(readPendingAction(store, "renew")).toBeUndefined();
    expect(readPendingAction(store, null)).toBeUndefined();
    clearPendingAction(store);
    expect(readPendingAction(store, "create")).toBeUndefined();
  });

  it("is nothing when what the storage holds is damaged or incomplete", () => {
    const store = memoryStore();
    for (const [marker, saved] of [
      ["create", "{not json"],
      ["create", "null"],
      ["create", '{"action":"create"}'],
      ["regenerate", '{"action":"regenerate"}'],
      ["renew", '{"action":"renew","values":{"expiry":{}}}'],
      ["renew", '{"action":"renew","id":"ac_1"}'],
      ["delete", '{"action":"delete","id":"ac_1"}'],
      ["enable", '{"action":"enable","id":7}'],
    ]) {
      store.setItem(PENDING_ACTION_KEY, saved);
      expect(readPendingAction(store, marker)).toBeUndefined();
    }
    store.setItem(PENDING_ACTION_KEY, '{"action":"enable","id":"ac_1"}');
    expect(readPendingAction(store, "enable")).toEqual({ action: "enable", id: "ac_1" });
  });
});

describe("a call that may need a fresh second factor", () => {
  const options = (store = memoryStore(), firstAfterLogin = false) => ({
    firstAfterLogin,
    store,
    login: vi.fn<(challenge: StepUpChallenge, pending: PendingAction) => Promise<void>>(
      () => Promise.resolve(),
    ),
    t,
  });

  it("gives the call's answer when there is no challenge", async () => {
    const o = options();
    await expect(runWithStepUp(createAction, () => Promise.resolve(42), o)).resolves.toBe(42);
    expect(o.login).not.toHaveBeenCalled();
  });

  it("saves the action and goes to the login the challenge asks for", async () => {
    const store = memoryStore();
    const o = options(store);
    const stepUp = { maxAge: 0, acrValues: "gold" };
    await expect(
      runWithStepUp(createAction, () => Promise.reject(challenge(stepUp)), o),
    ).resolves.toBeUndefined();
    expect(o.login).toHaveBeenCalledWith(stepUp, createAction);
    expect(readPendingAction(store, "create")).toEqual(createAction);
  });

  it("leaves other errors to the caller, saving nothing", async () => {
    const store = memoryStore();
    const o = options(store);
    const refused = new AppCredentialsError("name is required", 400, "name");
    await expect(
      runWithStepUp(createAction, () => Promise.reject(refused), o),
    ).rejects.toBe(refused);
    await expect(
      runWithStepUp(createAction, () => Promise.reject(new TypeError("offline")), o),
    ).rejects.toThrow("offline");
    expect(o.login).not.toHaveBeenCalled();
    expect(store.items.size).toBe(0);
  });

  it("does not go round again right after the login: it says why instead", async () => {
    const store = memoryStore();
    const o = options(store, true);
    const local = await runWithStepUp(createAction, () => Promise.reject(challenge()), o).catch(
      (error: unknown) => error,
    );
    expect(isStepUpFailed(local)).toBe(true);
    expect((local as AppCredentialsError).code).toBe(STEP_UP_FAILED);
    expect((local as Error).message).toBe("appCredentialsStepUpFailed");
    const upstream = await runWithStepUp(
      createAction,
      () => Promise.reject(challenge({ maxAge: 0, identityProvider: "corp" })),
      o,
    ).catch((error: unknown) => error);
    expect((upstream as Error).message).toBe("appCredentialsStepUpFailedUpstream(provider=corp)");
    expect(o.login).not.toHaveBeenCalled();
    expect(store.items.size).toBe(0);
  });

  it("goes to the login again for a later call, which the user starts anew", async () => {
    const flag = loginFlag(true);
    const o = options();
    const first = runWithStepUp(createAction, () => Promise.reject(challenge()), {
      ...o,
      firstAfterLogin: flag.consume(),
    });
    await expect(first).rejects.toSatisfy(isStepUpFailed);
    await expect(
      runWithStepUp(createAction, () => Promise.reject(challenge()), {
        ...o,
        firstAfterLogin: flag.consume(),
      }),
    ).resolves.toBeUndefined();
    expect(o.login).toHaveBeenCalledTimes(1);
    expect(loginFlag(false).consume()).toBe(false);
  });
});

describe("the action resumed after the login", () => {
  const credential = (state: AppCredential["state"], id = "ac_1") =>
    ({ id, name: "ci", state }) as AppCredential;

  it("is the create form, filled in as it was", () => {
    expect(resumeStep(createAction, null)).toEqual({ kind: "create", values: created });
  });

  it("is the renew form of that credential with the date and time chosen", () => {
    const values = { expiry: { date: "2027-01-31", time: "23:59" } };
    expect(resumeStep({ action: "renew", id: "ac_1", values }, credential("active"))).toEqual({
      kind: "renew",
      credential: credential("active"),
      values,
    });
  });

  it("finishes a regeneration or enabling confirmed before the login", () => {
    expect(resumeStep({ action: "regenerate", id: "ac_1" }, credential("disabled"))).toEqual({
      kind: "regenerate",
      credential: credential("disabled"),
    });
    expect(resumeStep({ action: "enable", id: "ac_1" }, credential("suspended"))).toEqual({
      kind: "enable",
      credential: credential("suspended"),
    });
  });

  it("is not done when the credential is gone or its state no longer allows it", () => {
    expect(resumeStep({ action: "regenerate", id: "ac_1" }, null)).toEqual({
      kind: "unavailable",
      action: "regenerate",
    });
    expect(resumeStep({ action: "regenerate", id: "ac_1" }, credential("revoked"))).toEqual({
      kind: "unavailable",
      action: "regenerate",
    });
    expect(resumeStep({ action: "enable", id: "ac_1" }, credential("active"))).toEqual({
      kind: "unavailable",
      action: "enable",
    });
    expect(
      resumeStep(
        { action: "renew", id: "ac_1", values: { expiry: { date: "", time: "" } } },
        credential("expired"),
      ),
    ).toEqual({ kind: "unavailable", action: "renew" });
    expect(resumeStep({ action: "enable", id: "ac_1" }, credential("suspended", "ac_2"))).toEqual({
      kind: "unavailable",
      action: "enable",
    });
  });
});
