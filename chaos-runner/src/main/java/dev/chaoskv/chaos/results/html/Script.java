package dev.chaoskv.chaos.results.html;

/**
 * The pages' only script, small and optional: the report's time readout and zoom, the index's
 * filter. Everything it shows is also on the page without it.
 */
final class Script {
    private Script() {
    }

    /** Hover a time chart: a readout of that second. Drag across one: every time chart zooms to that stretch. */
    static final String REPORT = """
            (function(){
            var per=/*DATA*/;
            var charts=[].slice.call(document.querySelectorAll('svg.time'));
            if(!charts.length)return;
            var L=+charts[0].dataset.left,P=+charts[0].dataset.plot,T=+charts[0].dataset.seconds,t0=0,t1=T;
            var ro=document.createElement('div');ro.id='readout';document.body.appendChild(ro);
            function tAt(svg,ev){var r=svg.getBoundingClientRect();var x=(ev.clientX-r.left)*svg.viewBox.baseVal.width/r.width;
              return t0+(x-L)/P*(t1-t0);}
            function lbl(s){if(s===0)return '0';if(s<60)return (Math.round(s*10)/10)+' s';var m=Math.floor(s/60),r=Math.round(s%60);return m+' min'+(r?' '+r+' s':'');}
            function ticks(){var span=t1-t0,steps=[0.1,0.2,0.5,1,2,5,10,15,30,60,120,300,600,900,1800,3600],st=steps[steps.length-1];
              for(var i=0;i<steps.length;i++){if(span/steps[i]<=12){st=steps[i];break;}}
              charts.forEach(function(svg){var g=svg.querySelector('g.xt'),y=+g.dataset.y;while(g.firstChild)g.removeChild(g.firstChild);
                for(var v=Math.ceil(t0/st)*st;v<=t1+1e-9;v+=st){var x=L+(v-t0)/(t1-t0)*P;
                  var ln=document.createElementNS('http://www.w3.org/2000/svg','line');ln.setAttribute('x1',x);ln.setAttribute('x2',x);
                  ln.setAttribute('y1',y);ln.setAttribute('y2',y+4);ln.setAttribute('stroke','#999');g.appendChild(ln);
                  var tx=document.createElementNS('http://www.w3.org/2000/svg','text');tx.setAttribute('x',x);tx.setAttribute('y',y+15);
                  tx.setAttribute('text-anchor','middle');tx.textContent=lbl(Math.round(v*10)/10);g.appendChild(tx);}});}
            function zoom(a,b){t0=Math.max(0,Math.min(a,b));t1=Math.min(T,Math.max(a,b));if(t1-t0<0.2){t0=0;t1=T;}
              var k=T/(t1-t0),xs=L+t0/T*P;
              charts.forEach(function(svg){svg.querySelector('g.z').setAttribute('transform','translate('+L+',0) scale('+k+',1) translate('+(-xs)+',0)');
                var fl=svg.querySelector('g.fl');if(fl)fl.style.display=(t0===0&&t1===T)?'':'none';});
              document.getElementById('zoombar').style.display=(t0===0&&t1===T)?'none':'';ticks();}
            document.getElementById('zoomreset').onclick=function(){zoom(0,T);};
            var down=null;
            charts.forEach(function(svg){
              svg.addEventListener('mousedown',function(ev){down=tAt(svg,ev);ev.preventDefault();});
              svg.addEventListener('mouseup',function(ev){if(down!==null){var u=tAt(svg,ev);if(Math.abs(u-down)>(t1-t0)/100)zoom(down,u);down=null;}});
              svg.addEventListener('mousemove',function(ev){var t=tAt(svg,ev);if(t<t0||t>t1){ro.style.display='none';return;}
                var s=per[Math.floor(t)];ro.style.display='block';
                ro.textContent='t = '+(Math.round(t*10)/10)+' s'+(s?' | second '+Math.floor(t)+': ok '+s[0]+', fail '+s[1]+', info '+s[2]+(s[3]===null?'':', p99 '+s[3]+' ms'):'');});
              svg.addEventListener('mouseleave',function(){ro.style.display='none';});});
            })();
            """;

    /** Hides the index rows whose name does not contain the filter text. */
    static final String INDEX = """
            (function(){var f=document.getElementById('filter');if(!f)return;f.style.display='';
            f.addEventListener('input',function(){var q=f.value.toLowerCase();
            document.querySelectorAll('tr.run').forEach(function(r){r.style.display=r.dataset.name.toLowerCase().indexOf(q)>=0?'':'none';});});})();
            """;
}
