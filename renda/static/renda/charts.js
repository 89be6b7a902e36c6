// Deputy composition charts on the home page. Each bar or slice links to the deputies it counts.
(function () {
  var el = document.getElementById("chart-data");
  if (!el || !window.echarts) return;
  var charts = JSON.parse(el.textContent);
  var locale = document.documentElement.lang.indexOf("zh") === 0 ? "ZH" : "EN";
  var palette = ["#b71c1c", "#e57373", "#f0a04b", "#5470c6", "#91cc75", "#73c0de", "#9a60b4"];
  charts.forEach(function (chart) {
    var node = document.getElementById("chart-" + chart.id);
    if (!node) return;
    var instance = echarts.init(node, null, { locale: locale, renderer: "svg" });
    var pie = chart.id === "level" || chart.id === "gender" || chart.id === "party";
    var option = pie ? {
      color: palette, tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      legend: { bottom: 0, type: "scroll" },
      series: [{ type: "pie", radius: ["30%", "55%"], center: ["50%", "45%"], data: chart.data,
                 label: { formatter: "{c}", fontSize: 13 }, labelLine: { length: 6, length2: 6 } }]
    } : {
      color: palette, tooltip: { trigger: "axis" }, grid: { left: 40, right: 10, top: 10, bottom: 50 },
      xAxis: { type: "category", data: chart.data.map(function (d) { return d.name; }), axisLabel: { interval: 0, rotate: chart.data.length > 5 ? 30 : 0 } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: chart.data.map(function (d) { return d.value; }), label: { show: true, position: "top" } }]
    };
    instance.setOption(option);
    instance.on("click", function (params) {
      var item = chart.data[params.dataIndex];
      if (!item) return;
      window.location = document.getElementById("charts").dataset.deputiesUrl + "?status=serving&" + encodeURIComponent(chart.id) + "=" + encodeURIComponent(item.key);
    });
    window.addEventListener("resize", function () { instance.resize(); });
  });
})();
