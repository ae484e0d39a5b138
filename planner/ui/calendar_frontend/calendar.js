// The week/month calendar of /week (issue 12): FullCalendar's standard bundle behind Streamlit's
// component protocol (the messages streamlit-component-lib sends, without React), so the browser
// loads a third of what the streamlit-calendar build weighed. The value it sends back has the shape
// planner.week_view.action_of reads: {callback, dateClick|eventClick|eventChange: {...}}.
(function () {
  "use strict";
  const element = document.getElementById("calendar");
  const customCss = document.getElementById("custom-css");
  let calendar = null;
  let shape = null; // what needs a new calendar when it changes (the options, the callbacks)
  let lastEvents = null;

  function send(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data), "*");
  }

  function setHeight() {
    send("streamlit:setFrameHeight", { height: Math.ceil(document.documentElement.scrollHeight) });
  }

  // Every value carries its own "seq", so the page can tell a second identical click (the same visit
  // or slot again) from the value the component keeps across reruns, which it must act on only once.
  let sent = 0;
  function setValue(value) {
    sent += 1;
    value.seq = Date.now().toString(36) + "." + sent;
    send("streamlit:setComponentValue", { value: value, dataType: "json" });
  }

  function viewValue(view) {
    return {
      type: view.type,
      title: view.title,
      activeStart: view.activeStart.toISOString(),
      activeEnd: view.activeEnd.toISOString(),
      currentStart: view.currentStart.toISOString(),
      currentEnd: view.currentEnd.toISOString(),
    };
  }

  function handlers(callbacks) {
    const on = {};
    if (callbacks.indexOf("dateClick") >= 0) {
      on.dateClick = function (arg) {
        setValue({
          callback: "dateClick",
          dateClick: { allDay: arg.allDay, date: arg.date.toISOString(), view: viewValue(arg.view) },
        });
      };
    }
    if (callbacks.indexOf("eventClick") >= 0) {
      on.eventClick = function (arg) {
        arg.jsEvent.preventDefault();
        setValue({ callback: "eventClick", eventClick: { event: arg.event.toJSON(), view: viewValue(arg.view) } });
      };
    }
    if (callbacks.indexOf("eventChange") >= 0) {
      on.eventChange = function (arg) {
        setValue({
          callback: "eventChange",
          eventChange: {
            oldEvent: arg.oldEvent.toJSON(),
            event: arg.event.toJSON(),
            relatedEvents: arg.relatedEvents.map(function (e) { return e.toJSON(); }),
            view: viewValue(calendar.view),
          },
        });
      };
    }
    return on;
  }

  // On a phone a week of seven time columns is unreadable: the same period as a list (a visit
  // still opens with a click; moving one by dragging is left to a wider screen).
  const NARROW = 560;
  const LIST_VIEWS = { timeGridWeek: "listWeek", dayGridMonth: "listMonth" };

  function fitted(options) {
    const list = LIST_VIEWS[options.initialView];
    if (!list || window.innerWidth >= NARROW) { return options; }
    return Object.assign({}, options, { initialView: list, height: "auto" });
  }

  // "now" (the red line of the current time) changes on every rerun; it is not part of the shape, or
  // each rerun would build a new calendar and scroll back to the morning. It is moved in place once it
  // is NOW_STEP or more off.
  const NOW_STEP = 5 * 60 * 1000;
  let lastNow = null;

  function render(args) {
    const options = fitted(args.options || {});
    const callbacks = args.callbacks || [];
    const events = JSON.stringify(args.events || []);
    customCss.textContent = args.custom_css || "";
    const locale = options.locale || {};
    document.documentElement.lang = String(locale.code || locale || "ko").slice(0, 2); // the page's language
    const shaped = Object.assign({}, options);
    delete shaped.now;
    const nextShape = JSON.stringify([shaped, callbacks]);
    if (calendar !== null && nextShape === shape && options.now && lastNow
        && Math.abs(Date.parse(options.now) - Date.parse(lastNow)) >= NOW_STEP) {
      lastNow = options.now;
      calendar.setOption("now", options.now);
    }
    if (calendar === null || nextShape !== shape) {
      if (calendar !== null) { calendar.destroy(); }
      shape = nextShape;
      lastNow = options.now || null;
      lastEvents = events;
      calendar = new FullCalendar.Calendar(element, Object.assign({}, options, handlers(callbacks), {
        events: args.events || [],
      }));
      calendar.render();
    } else if (events !== lastEvents) {
      // New data for the same period (a save, or a refused move put back): the events only, the
      // scroll position and the view stay.
      lastEvents = events;
      calendar.batchRendering(function () {
        calendar.getEventSources().forEach(function (source) { source.remove(); });
        calendar.addEventSource(args.events || []);
      });
    }
    setHeight();
  }

  window.addEventListener("message", function (event) {
    const data = event.data;
    if (data && data.type === "streamlit:render") { render(data.args || {}); }
  });
  if (window.ResizeObserver) { new ResizeObserver(setHeight).observe(document.body); }
  send("streamlit:componentReady", { apiVersion: 1 });
})();
