import { describe, expect, it } from "vitest";
import { keyOnFirstUse } from "./keys.js";

describe("keyOnFirstUse", () => {
  it("loads once and keeps the key, but tries again after a failed load", async () => {
    let calls = 0;
    const key = keyOnFirstUse(async () => {
      calls += 1;
      if (calls === 1) throw new Error("not there yet");
      return `key-${calls}`;
    });
    await expect(key()).rejects.toThrow("not there yet");
    expect(await key()).toBe("key-2");
    expect(await Promise.all([key(), key()])).toEqual(["key-2", "key-2"]);
    expect(calls).toBe(2);
  });
});
