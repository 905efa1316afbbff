// The legend of the rule codes (R1–R14) every change, skip and hold carries,
// in plain words (issue 11, point 10).
import { PageHeader } from '../components/PageHeader';
import { RULES } from '../rules';

export function RulesPage() {
  return (
    <>
      <PageHeader title="Rules" subtitle="Every change in a preview names the sync rule behind it. This is what each rule means." />
      <section className="card" aria-labelledby="rules-title">
        <h2 id="rules-title" className="visually-hidden">
          Rules R1 to R14
        </h2>
        <dl className="rules">
          {RULES.map((rule) => (
            <div key={rule.id} id={`rule-${rule.id}`} className="rule-entry">
              <dt>
                <span className="rule">{rule.id}</span> {rule.title}
              </dt>
              <dd>{rule.text}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
