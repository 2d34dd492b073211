/**
 * Issue 11 item 11: Office.actions.associate runs at the command file's top level, as in
 * Microsoft's function-command sample ("Office.actions.associate("highlightSelection",
 * highlightSelection);" after the function, outside Office.onReady —
 * learn.microsoft.com/office/dev/add-ins/develop/create-addin-commands). Here Office.onReady
 * never resolves: the button must still be mapped.
 */
describe("commands.ts", () => {
  afterEach(() => {
    delete (globalThis as { Office?: unknown }).Office;
  });

  test("maps refreshReview when the script loads, without waiting for Office.onReady", () => {
    const associate = jest.fn();
    (globalThis as { Office?: unknown }).Office = {
      actions: { associate },
      onReady: jest.fn(() => new Promise(() => undefined)),
      context: { displayLanguage: "en-US" },
    };
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      require("../../src/commands/commands");
    });
    expect(associate).toHaveBeenCalledTimes(1);
    expect(associate.mock.calls[0]![0]).toBe("refreshReview");
    expect(typeof associate.mock.calls[0]![1]).toBe("function");
  });
});
