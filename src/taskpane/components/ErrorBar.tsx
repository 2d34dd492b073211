import { MessageBar, MessageBarBody, MessageBarTitle, Text } from "@fluentui/react-components";
import { describeError } from "../../service/errorMessages";
import { useUi } from "../ui";

/** A failed action, in plain words with what to do; the technical text only as a small second line. */
export function ErrorBar({ error }: { error: unknown }) {
  const ui = useUi();
  const plain = describeError(error, ui.locale);
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{ui.t("errorTitle")}</MessageBarTitle>
        {plain.message}
        {plain.detail ? (
          <div>
            <Text size={200}>{ui.t("technicalDetail", { detail: plain.detail })}</Text>
          </div>
        ) : null}
      </MessageBarBody>
    </MessageBar>
  );
}
