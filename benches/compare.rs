//! The comparison loop of the research workflow: seed against conservative over a
//! generated cohort. Throughput is reported in intakes (two screenings each); targets: at
//! least 2,000,000 screenings a second a core, on one core (`compare`) and on every core
//! (`compare_parallel`, divided by the cores).

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use massage_rules::Protocol;
use massage_rules::research::{CompareOptions, compare, compare_parallel, generated_cohort};

fn bench(c: &mut Criterion) {
    let cohort = generated_cohort(2026, 10_000);
    let (a, b) = (Protocol::seed(), Protocol::conservative());
    let mut group = c.benchmark_group("compare");
    group.throughput(Throughput::Elements(cohort.len() as u64));
    group.sample_size(20);
    let screenings_only = CompareOptions {
        plans: false,
        examples: 3,
    };
    group.bench_function("screenings_10k_intakes", |bench| {
        bench.iter(|| compare(&a, &b, &cohort, screenings_only, |_, _| {}))
    });
    group.bench_function("parallel_screenings_10k_intakes", |bench| {
        bench.iter(|| compare_parallel(&a, &b, cohort.iter(), screenings_only, |_| {}))
    });
    group.bench_function("screenings_plans_courses_10k_intakes", |bench| {
        bench.iter(|| compare(&a, &b, &cohort, CompareOptions::default(), |_, _| {}))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
