/**
 * A complete, valid new lead as the task pane's "New lead" form sends it
 * (en-US sample lists), for tests of quick entry through the Office service.
 */
export const VALID_ENTRY_LEAD = {
  customer: "Northwind Traders Ltd.",
  contact: "Nancy Davolio",
  phone: "13912345678",
  industry: "Retail",
  companySize: "Revenue 100M-500M",
  needType: "Product purchase",
  needDesc: "200 barcode scanners",
  budget: "200k-500k",
  urgency: "2-3 months",
  decisionAccess: "Influencer",
  source: "Trade show",
  status: "In progress",
  stage: "Initial contact",
  owner: "Tom Chen",
};
