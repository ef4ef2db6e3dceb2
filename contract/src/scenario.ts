// Drives a whole scenario against a live Cashman through a client generated from the OpenAPI document it serves
// (openapi-typescript writes ../generated/cashman.d.ts; openapi-fetch sends the calls). If the document's names,
// parameters or shapes drift from what the server does, this either stops compiling or fails here.
import createClient from "openapi-fetch";
import type { components, paths } from "../generated/cashman.js";

type Transaction = components["schemas"]["TransactionResponse"];

const baseUrl = process.argv[2];
if (!baseUrl) {
  throw new Error("usage: node dist/scenario.js <base URL of a running Cashman>");
}

const api = createClient<paths>({ baseUrl });
let step = 0;

function check(condition: unknown, what: string): asserts condition {
  step++;
  if (!condition) {
    throw new Error(`step ${step} failed: ${what}`);
  }
  console.log(`ok ${step} - ${what}`);
}

const email = `client-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
const password = "generated-client-password";

const registered = await api.POST("/auth/register", { body: { email, password } });
check(registered.response.status === 201 && registered.data?.email === email, "register answers 201 with the account");

const login = await api.POST("/auth/login", { body: { email, password } });
check(login.data?.tokenType === "Bearer" && login.data.accessToken.length > 0, "login answers a bearer token pair");
const auth = { Authorization: `Bearer ${login.data.accessToken}` };

const salary = await api.POST("/incomes", {
  headers: { ...auth, "Idempotency-Key": crypto.randomUUID() },
  body: { description: "Salary", amount: 5000, category: "work", occurredOn: "2026-11-01" },
});
check(salary.response.status === 201 && salary.data?.type === "income" && salary.data.amount === 5000, "createIncome stores an income");

const pizza = await api.POST("/expenses", {
  headers: auth,
  body: { description: "pizza", amount: 50, category: "food", occurredOn: "2026-11-21" },
});
check(pizza.response.status === 201 && pizza.data?.amount === -50, "createExpense stores the expense negative");
const etag = pizza.response.headers.get("ETag");
check(etag !== null, "createExpense answers an ETag");

const food = await api.GET("/expenses", {
  headers: auth,
  params: { query: { category: "FOOD", from: "2026-11-01", to: "2026-11-30", minAmount: 10, sort: "-amount", page: 1, pageSize: 10 } },
});
check(food.data?.totalItems === 1 && food.data.items[0]?.description === "pizza", "listExpenses filters by category, dates and amount");

const all = await api.GET("/transactions", { headers: auth, params: { query: { type: "income", q: "sal" } } });
check(all.data?.items.length === 1 && all.data.links.next === null, "listTransactions filters by type and text");

const balance = await api.GET("/balance", { headers: auth, params: { query: { groupBy: "category" } } });
check(
  balance.data?.totalIncome === 5000 && balance.data.totalExpenses === -50 && balance.data.balance === 4950 && balance.data.groups?.length === 2,
  "getBalance sums both kinds and groups by category",
);

const stale = await api.PUT("/expenses/{id}", {
  headers: { ...auth, "If-Match": '"not-the-current-version"' },
  params: { path: { id: pizza.data.id } },
  body: { description: "pizza and drinks", amount: 65, category: "food", occurredOn: "2026-11-21" },
});
check(stale.response.status === 412 && stale.error?.status === 412, "updateExpense with a stale If-Match is a 412 problem");

const updated = await api.PUT("/expenses/{id}", {
  headers: { ...auth, "If-Match": etag },
  params: { path: { id: pizza.data.id } },
  body: { description: "pizza and drinks", amount: 65, category: "food", occurredOn: "2026-11-21" },
});
const changed: Transaction | undefined = updated.data;
check(changed?.amount === -65 && updated.response.headers.get("ETag") !== etag, "updateExpense with the current If-Match replaces it");

const invalid = await api.POST("/incomes", { headers: auth, body: { description: "tiny", amount: 0.001 } });
check(invalid.response.status === 400 && invalid.error !== undefined && "errors" in invalid.error, "an invalid amount is a validation problem");

const removed = await api.DELETE("/incomes/{id}", { headers: auth, params: { path: { id: salary.data.id } } });
check(removed.response.status === 204, "deleteIncome answers 204");

const gone = await api.GET("/incomes/{id}", { headers: auth, params: { path: { id: salary.data.id } } });
check(gone.response.status === 404 && gone.error?.status === 404, "the deleted income is a 404 problem");

const after = await api.GET("/balance", { headers: auth });
check(after.data?.balance === -65 && after.data.incomeCount === 0 && after.data.expenseCount === 1, "the balance follows");

const erased = await api.DELETE("/auth/me", { headers: auth, body: { password } });
check(erased.response.status === 204, "deleteMe erases the account");

console.log(`generated client: ${step} steps passed`);
