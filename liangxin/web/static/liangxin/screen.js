// The large screen (monitoring/screen.html): draws its two charts in large type from the page's JSON and,
// unless paused, moves on to the next area after data-seconds. Labels and colours come with the data
// (the status registry); every label stays inside its chart.
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const num = (v) => (v === null || v === undefined ? null : Number(v));
  const text = { color: "#e9eef7", fontSize: 22 };
  const charts = [];

  function draw(name, option) {
    const el = document.querySelector(`[data-chart="${name}"]`);
    if (!el) return;
    const chart = echarts.init(el, "dark", { renderer: "svg" });
    chart.setOption(Object.assign({ backgroundColor: "transparent", textStyle: text }, option));
    charts.push(chart);
  }

  const shown = data.statusCounts.filter((c) => c.count > 0);
  draw("status", {
    legend: {
      bottom: 0, left: "center", textStyle: text, itemWidth: 22, itemHeight: 16, itemGap: 18,
      formatter: (name) => `${name} ${(shown.find((c) => c.label === name) || {}).count}`,
    },
    series: [{
      type: "pie", radius: ["34%", "58%"], center: ["50%", "36%"],
      data: shown.map((c) => ({ name: c.label, value: c.count, itemStyle: { color: c.colour } })),
      label: { position: "inside", formatter: "{c}", color: "#fff", fontSize: 22, fontWeight: "bold" },
    }],
  });
  const rows = (data.ranking || []).filter((r) => r.targets > 0);
  draw("ranking", {
    grid: { left: 8, right: 120, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", max: (v) => Math.max(100, Math.ceil(v.max / 10) * 10), axisLabel: { fontSize: 20, formatter: "{value}%" } },
    yAxis: { type: "category", inverse: true, data: rows.map((r) => r.name), axisLabel: { fontSize: 24 } },
    series: [{
      type: "bar", data: rows.map((r) => num(r.progress)), itemStyle: { color: "#e0524a" }, barMaxWidth: 36,
      label: { show: true, position: "right", formatter: (p) => (p.value === null ? "—" : `${p.value}%`), fontSize: 22, color: "#e9eef7" },
    }],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));

  const next = document.body.dataset.next;
  if (next) setTimeout(() => window.location.replace(next), Number(document.body.dataset.seconds) * 1000);
})();
