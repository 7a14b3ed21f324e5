import { useState } from "react";
import { Pagination } from "../../../components/Pagination";
import { useTransactions, type TransactionType } from "../api/transactions";
import { TRANSACTION_LABELS } from "../labels";
import { Empty, ErrorState, Loading } from "../../../components/States";


/** The credit ledger, paginated and filtered on the server. */
export function TransactionsTable() {
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(25);
  const [type, setType] = useState<TransactionType | "">("");
  const transactions = useTransactions({ page, pageSize, type });

  const rows = transactions.data?.results ?? [];
  const count = transactions.data?.count ?? 0;
  const pages = Math.max(1, Math.ceil(count / pageSize));

  return (
    <section className="billing-section" aria-labelledby="transactions-title">
      <div className="page-header">
        <h2 id="transactions-title">Transactions</h2>
        <label className="inline-label">
          <span>Type</span>
          <select
            value={type}
            onChange={(e) => {
              setType(e.target.value as TransactionType | "");
              setPage(1);
            }}
          >
            <option value="">All types</option>
            {(Object.keys(TRANSACTION_LABELS) as TransactionType[]).map((t) => (
              <option key={t} value={t}>
                {TRANSACTION_LABELS[t]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {transactions.isPending && <Loading label="Loading transactions…" />}
      {transactions.isError && <ErrorState error={transactions.error} retry={() => void transactions.refetch()} />}
      {transactions.data && count === 0 && <Empty title={type ? "No transactions of this type." : "No transactions yet."} />}
      {transactions.data && count > 0 && (
        <div className="table-wrap" aria-busy={transactions.isFetching}>
          <table className="data-table">
            <caption className="sr-only">
              Credit transactions, page {page} of {pages}
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Type</th>
                <th scope="col">Description</th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Balance after
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((tx) => (
                <tr key={tx.id}>
                  <td className="nowrap">{new Date(tx.created_at).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td>{TRANSACTION_LABELS[tx.transaction_type] ?? tx.transaction_type}</td>
                  <td className="wrap">{tx.description || tx.reference || "—"}</td>
                  <td className={tx.amount < 0 ? "num negative" : "num positive"}>
                    {tx.amount > 0 ? `+${tx.amount.toLocaleString()}` : tx.amount.toLocaleString()}
                  </td>
                  <td className="num">{tx.balance_after.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination label="Transaction pages" page={page} pageSize={pageSize} count={count} onPageChange={setPage} onPageSizeChange={(size) => { setPageSize(size); setPage(1); }} />
        </div>
      )}
    </section>
  );
}
