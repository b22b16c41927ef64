// Draws the dashboard's charts from the JSON the page embeds (#chart-data); every chart's numbers are
// also in the page as a table and in the Excel export. A status's label and colour come with the data,
// from the status registry (liangxin/monitoring/status_codes.py).
(function () {
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  const dark = document.body.classList.contains("screen");
  const theme = dark ? "dark" : null;
  const num = (v) => (v === null || v === undefined ? null : Number(v));
  const charts = [];

  function draw(name, option) {
    document.querySelectorAll(`[data-chart="${name}"]`).forEach((el) => {
      const chart = echarts.init(el, theme);
      chart.setOption(Object.assign({ backgroundColor: "transparent", textStyle: { fontSize: dark ? 16 : 12 } }, option));
      charts.push(chart);
    });
  }

  if (data.statusCounts) {
    draw("status", {
      tooltip: { trigger: "item" },
      series: [{
        type: "pie", radius: ["45%", "72%"],
        data: data.statusCounts.filter((c) => c.count > 0).map((c) => ({ name: c.label, value: c.count, itemStyle: { color: c.colour } })),
        label: { formatter: "{b} {c}" },
      }],
    });
  }
  if (data.sections) {
    draw("sections", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.sections.map((s) => s.title) },
      series: data.statusCounts.map((c) => ({
        name: c.label, type: "bar", stack: "all", itemStyle: { color: c.colour },
        data: data.sections.map((s) => s.counts[c.status]),
      })),
    });
  }
  if (data.ranking) {
    const rows = data.ranking.filter((r) => r.targets > 0 || r.due > 0);
    draw("ranking", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value", name: "%" },
      yAxis: { type: "category", inverse: true, data: rows.map((r) => r.name) },
      series: [
        { name: "平均完成进度%", type: "bar", data: rows.map((r) => num(r.progress)), itemStyle: { color: "#b3261e" } },
        { name: "按时报送率%", type: "bar", data: rows.map((r) => num(r.on_time_rate)), itemStyle: { color: "#495057" } },
      ],
    });
  }
  if (data.trend) {
    const t = data.trend;
    const series = [{ name: "实际", type: "line", symbolSize: 6, data: t.actual.map((p) => [p.date, num(p.value)]) }];
    t.paths.forEach((p) => {
      series.push({
        name: `${p.year}年目标路径`, type: "line", lineStyle: { type: "dashed" }, symbol: "none",
        data: p.points.map((q) => [q.date, num(q.expected)]),
        markLine: { symbol: "none", label: { formatter: `${p.year}年目标 ${Number(p.target)}` }, data: [{ yAxis: num(p.target) }] },
      });
    });
    draw("trend", {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "time" },
      yAxis: { type: "value", name: t.unit, scale: true },
      series,
    });
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
