import { useHall } from '../../stores/hall';

/** The services this counter serves. */
export function ServicesPanel({ counterId }: { counterId: string }) {
  const config = useHall((s) => s.config);
  const counter = config?.counters.find((c) => c.id === counterId);
  const services = config?.services.filter((s) => counter?.serviceIds.includes(s.id)) ?? [];
  return (
    <ul className="chips" data-testid="counter-services">
      {services.map((s) => (
        <li key={s.id} className="chip">
          <b>{s.prefix}</b> {s.name}
        </li>
      ))}
    </ul>
  );
}
