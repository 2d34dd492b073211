import * as React from "react";
import { makeStyles, Text, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  heading: { margin: 0, display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
});

/** A titled block of a view; the title is a real heading for screen readers. */
export function Section({
  title,
  badge,
  children,
}: {
  title: string;
  badge?: React.ReactNode;
  children: React.ReactNode;
}) {
  const styles = useStyles();
  const id = React.useId();
  return (
    <section className={styles.section} aria-labelledby={id}>
      <Text as="h2" size={400} weight="semibold" className={styles.heading} id={id}>
        {title}
        {badge}
      </Text>
      {children}
    </section>
  );
}
